import { describe, expect, it } from "vitest";
import { KeyConfigError, personalDataKeysFromEnv } from "./keys.js";
import { blindIndex, openField, sealField } from "./field-crypto.js";
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
});
