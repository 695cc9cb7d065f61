import { describe, expect, it } from "vitest";
import { DISPUTE_STATUS_WORDS, followUpAwaited, timeLimitRuns } from "./mediation-words.js";

const statuses = Object.keys(DISPUTE_STATUS_WORDS) as (keyof typeof DISPUTE_STATUS_WORDS)[];

describe("what the mediator's phone says about dates", () => {
  it("shows the time limit only while the dispute is being mediated", () => {
    expect(statuses.filter(timeLimitRuns)).toEqual(["accepted", "in_mediation"]);
  });

  it("shows the follow-up day only once mediation ended and until the follow-up is recorded", () => {
    expect(statuses.filter(followUpAwaited)).toEqual(["settled_written", "settled_oral", "not_settled"]);
  });
});
