/**
 * Where a resident lands after a phone sign-in: back to the page that asked them to sign in, on
 * 我的调解 when they have disputes and no appeals, else 我的诉求 (also when the lists fail).
 */
import { afterEach, describe, expect, it, vi } from "vitest";

const answers = vi.hoisted(() => ({ disputes: 0, cases: 0, fail: false }));

vi.mock("../../shared/api.js", () => ({
  api: (path: string) => {
    if (answers.fail) return Promise.reject(new Error("network"));
    if (path === "/my/disputes") {
      return Promise.resolve({
        items: Array.from({ length: answers.disputes }, (_, i) => ({ number: `${i}` })),
      });
    }
    return Promise.resolve({ items: [], total: answers.cases, page: 1 });
  },
}));

const { landingAfterSignIn } = await import("./landing.js");

describe("the landing after a resident's phone sign-in", () => {
  afterEach(() => Object.assign(answers, { disputes: 0, cases: 0, fail: false }));

  it("lands on 我的调解 for a party with disputes and no appeals", async () => {
    answers.disputes = 2;
    expect(await landingAfterSignIn(undefined, 0)).toBe("/disputes");
  });

  it("lands on 我的诉求 with appeals (which names the disputes at its top), without disputes, or when the lists fail", async () => {
    Object.assign(answers, { disputes: 1, cases: 3 });
    expect(await landingAfterSignIn(undefined, 0)).toBe("/my");
    Object.assign(answers, { disputes: 0, cases: 0 });
    expect(await landingAfterSignIn(undefined, 0)).toBe("/my");
    Object.assign(answers, { disputes: 1, cases: 0, fail: true });
    expect(await landingAfterSignIn(undefined, 0)).toBe("/my");
    // Appeals this sign-in just linked are appeals of theirs: 我的诉求 says how many.
    Object.assign(answers, { disputes: 1, cases: 0, fail: false });
    expect(await landingAfterSignIn(undefined, 2)).toBe("/my");
  });

  it("goes back to the page that asked for the sign-in, and to no other path", async () => {
    answers.disputes = 1;
    expect(await landingAfterSignIn("/my", 0)).toBe("/my");
    expect(await landingAfterSignIn("/disputes", 0)).toBe("/disputes");
    expect(await landingAfterSignIn("https://example.com/", 0)).toBe("/disputes");
  });
});
