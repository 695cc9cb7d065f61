import { describe, expect, it } from "vitest";
import { KeyConfigError, personalDataKeysFromEnv } from "./keys.js";
import {
  blindIndex,
  blindIndexes,
  keyId,
  openField,
  sealField,
  sealedUnderCurrentKey,
} from "./field-crypto.js";
import {
  checkResidentId,
  maskDocumentNumber,
  maskPhone,
  normalisePhone,
  residentIdCheckChar,
} from "./id-number.js";

describe("resident ID check digit (GB 11643-1999)", () => {
  it("accepts the standard's own example and derives birth date and sex", () => {
    // GB 11643-1999's example: 11010519491231002X.
    const r = checkResidentId("11010519491231002X");
    expect(r).toEqual({ ok: true, facts: { birthDate: "1949-12-31", sex: "female" } });
    expect(residentIdCheckChar("11010519491231002")).toBe("X");
    expect(checkResidentId("440524188001010014").ok).toBe(true);
    expect(checkResidentId(" 11010519491231002x ").ok).toBe(true);
  });

  it("refuses a wrong check digit, a wrong length and an impossible birth date", () => {
    const wrong = checkResidentId("110105194912310021");
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.reason).toMatch(/check digit/);
    expect(checkResidentId("11010519491231002").ok).toBe(false);
    expect(checkResidentId("A1010519491231002X").ok).toBe(false);
    // 1949-02-30 does not exist; its check character is made right so only the date fails.
    const feb30 = `11010519490230002`;
    const bad = checkResidentId(feb30 + residentIdCheckChar(feb30));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/birth date/);
    const future = `11010530000101002`;
    expect(checkResidentId(future + residentIdCheckChar(future)).ok).toBe(false);
  });
});

describe("masks", () => {
  it("shows the first and last four of a document number and 3+4 of a mobile", () => {
    expect(maskDocumentNumber("11010519491231002X")).toBe("1101**********002X");
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("+86 138-1234-5678")).toBe("138****5678");
    expect(normalisePhone("0086 13812345678")).toBe("13812345678");
    expect(maskPhone("0316-2345678")).toBe("*******5678");
  });
});

describe("field encryption and blind index", () => {
  const keys = personalDataKeysFromEnv({});

  it("round-trips, never stores the plaintext and differs every time", () => {
    const a = sealField(keys, "id_number", "11010519491231002X");
    const b = sealField(keys, "id_number", "11010519491231002X");
    expect(a).not.toContain("11010519491231002X");
    expect(a).not.toBe(b);
    expect(openField(keys, "id_number", a)).toBe("11010519491231002X");
  });

  it("binds the ciphertext to its field and its key", () => {
    const sealed = sealField(keys, "phone", "13812345678");
    expect(() => openField(keys, "id_number", sealed)).toThrow();
    const other = personalDataKeysFromEnv({ DATA_KEY: "11".repeat(32), DATA_INDEX_KEY: "22".repeat(32) });
    expect(() => openField(other, "phone", sealed)).toThrow();
  });

  it("indexes equal values equally, under the index key only", () => {
    const other = personalDataKeysFromEnv({ DATA_KEY: "11".repeat(32), DATA_INDEX_KEY: "22".repeat(32) });
    expect(blindIndex(keys, "phone", "13812345678")).toBe(blindIndex(keys, "phone", "13812345678"));
    expect(blindIndex(keys, "phone", "13812345678")).not.toBe(blindIndex(keys, "id_number", "13812345678"));
    expect(blindIndex(other, "phone", "13812345678")).not.toBe(blindIndex(keys, "phone", "13812345678"));
  });

  it("requires both keys in production, refuses bad or equal keys, and never echoes one", () => {
    expect(() => personalDataKeysFromEnv({ NODE_ENV: "production" })).toThrow(KeyConfigError);
    expect(personalDataKeysFromEnv({}).development).toBe(true);
    expect(() => personalDataKeysFromEnv({ DATA_KEY: "11".repeat(32) })).toThrow(KeyConfigError);
    expect(() =>
      personalDataKeysFromEnv({ DATA_KEY: "ab".repeat(32), DATA_INDEX_KEY: "ab".repeat(32) }),
    ).toThrow(/differ/);
    try {
      personalDataKeysFromEnv({ DATA_KEY: "secretvalue", DATA_INDEX_KEY: "22".repeat(32) });
      expect.unreachable();
    } catch (err) {
      expect(String(err)).not.toContain("secretvalue");
    }
  });

  it("names the key in the ciphertext, opens under a retired key, and reads what was written before key ids", () => {
    const old = personalDataKeysFromEnv({ DATA_KEY: "11".repeat(32), DATA_INDEX_KEY: "22".repeat(32) });
    const rotating = personalDataKeysFromEnv({
      DATA_KEY: "33".repeat(32),
      DATA_INDEX_KEY: "44".repeat(32),
      DATA_KEY_PREVIOUS: "11".repeat(32),
      DATA_INDEX_KEY_PREVIOUS: "22".repeat(32),
    });
    const sealed = sealField(old, "phone", "13812345678");
    expect(sealed.startsWith(`v2.${keyId(old.data)}.`)).toBe(true);
    expect(sealedUnderCurrentKey(old, sealed)).toBe(true);
    expect(sealedUnderCurrentKey(rotating, sealed)).toBe(false);
    expect(openField(rotating, "phone", sealed)).toBe("13812345678");
    // Before key ids a ciphertext was "v1.<payload>": each key held is tried.
    const v1 = `v1.${sealed.split(".")[2]}`;
    expect(openField(rotating, "phone", v1)).toBe("13812345678");
    expect(() => openField(personalDataKeysFromEnv({}), "phone", v1)).toThrow(/does not hold/);
    expect(keyId(old.data)).toMatch(/^[0-9a-f]{8}$/);
    // Look-ups ask under both index keys while a rotation runs.
    expect(blindIndexes(rotating, "phone", "13812345678")).toEqual([
      blindIndex(rotating, "phone", "13812345678"),
      blindIndex(old, "phone", "13812345678"),
    ]);
    expect(blindIndexes(old, "phone", "13812345678")).toHaveLength(1);
  });

  it("retires keys only in favour of current ones, never the current one itself", () => {
    expect(() => personalDataKeysFromEnv({ DATA_KEY_PREVIOUS: "11".repeat(32) })).toThrow(/set those too/);
    expect(() =>
      personalDataKeysFromEnv({
        DATA_KEY: "33".repeat(32),
        DATA_INDEX_KEY: "44".repeat(32),
        DATA_KEY_PREVIOUS: "33".repeat(32),
      }),
    ).toThrow(/current key/);
    // Data entered under the development pair can be moved to real keys.
    const fromDev = personalDataKeysFromEnv({
      DATA_KEY: "33".repeat(32),
      DATA_INDEX_KEY: "44".repeat(32),
      DATA_KEY_PREVIOUS: "development",
      DATA_INDEX_KEY_PREVIOUS: "development",
    });
    const dev = personalDataKeysFromEnv({});
    expect(openField(fromDev, "id_number", sealField(dev, "id_number", "X1"))).toBe("X1");
    expect(blindIndexes(fromDev, "id_number", "X1")).toContain(blindIndex(dev, "id_number", "X1"));
  });
});
