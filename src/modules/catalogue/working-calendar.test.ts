import { describe, expect, it } from "vitest";
import { getDeadlines } from "./get-deadlines.js";
import { PRC_HOLIDAYS_2026 } from "./prc-holidays.js";
import { DEMO_CATEGORIES } from "./seed-demo-catalogue.js";
import {
  addBusinessDuration,
  createWorkingCalendar,
  isWorkingDate,
  workingHoursBetween,
  type WorkingCalendar,
} from "./working-calendar.js";

/** An instant given in China Standard Time, "2026-03-02 09:00". */
const cst = (local: string): Date => new Date(`${local.replace(" ", "T")}:00+08:00`);
/** An instant shown in China Standard Time, "2026-03-02 09:00". */
const show = (d: Date): string =>
  new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");

const prc = createWorkingCalendar({ exceptions: PRC_HOLIDAYS_2026 });
const plain = createWorkingCalendar();
const working = (start: string, hours: number, calendar: WorkingCalendar = prc) =>
  show(addBusinessDuration(cst(start), hours, "working", calendar));

describe("the 2026 calendar data", () => {
  it("names the weekdays the State Council notice names", () => {
    const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
    // The notice: 1月1日（周四）, 2月15日（周日）, 4月4日（周六）, 5月1日（周五）, 6月19日（周五）,
    // 9月25日（周五）, 10月1日（周四）; workdays 1月4日（周日）, 2月14日（周六）, 2月28日（周六）,
    // 5月9日（周六）, 9月20日（周日）, 10月10日（周六）.
    expect(
      ["2026-01-01", "2026-02-15", "2026-04-04", "2026-05-01", "2026-06-19", "2026-09-25", "2026-10-01"].map(
        weekday,
      ),
    ).toEqual([4, 0, 6, 5, 5, 5, 4]);
    const workdays = PRC_HOLIDAYS_2026.filter((h) => h.kind === "workday").map((h) => h.date);
    expect(workdays).toEqual([
      "2026-01-04",
      "2026-02-14",
      "2026-02-28",
      "2026-05-09",
      "2026-09-20",
      "2026-10-10",
    ]);
    expect(workdays.map(weekday)).toEqual([0, 6, 6, 6, 0, 6]);
    expect(PRC_HOLIDAYS_2026.filter((h) => h.kind === "holiday")).toHaveLength(33);
  });

  it("makes holidays days off and adjusted weekends working days", () => {
    expect(isWorkingDate(prc, cst("2026-01-01 10:00"))).toBe(false);
    expect(isWorkingDate(plain, cst("2026-01-01 10:00"))).toBe(true);
    expect(isWorkingDate(prc, cst("2026-01-04 10:00"))).toBe(true);
    expect(isWorkingDate(plain, cst("2026-01-04 10:00"))).toBe(false);
    // 00:30 CST on 2 March is still 1 March in UTC: the local date decides.
    expect(isWorkingDate(prc, cst("2026-03-02 00:30"))).toBe(true);
    expect(isWorkingDate(prc, cst("2026-03-01 23:30"))).toBe(false);
  });
});

describe("addBusinessDuration, working hours", () => {
  it("runs inside one window", () => {
    expect(working("2026-03-02 09:00", 2)).toBe("2026-03-02 11:00");
    expect(working("2026-03-02 14:00", 0.25)).toBe("2026-03-02 14:15");
  });

  it("skips the lunch break", () => {
    expect(working("2026-03-02 11:00", 2)).toBe("2026-03-02 14:30");
    expect(working("2026-03-02 11:59", 1 / 60 + 1)).toBe("2026-03-02 14:30");
  });

  it("carries over night to the next morning", () => {
    expect(working("2026-03-02 17:00", 1)).toBe("2026-03-03 09:00");
  });

  it("skips weekends", () => {
    expect(working("2026-03-06 17:00", 1)).toBe("2026-03-09 09:00");
  });

  it("skips a holiday after a weekend (清明节, Monday 6 April)", () => {
    expect(working("2026-04-03 16:30", 2)).toBe("2026-04-07 09:30");
    expect(working("2026-04-03 16:30", 2, plain)).toBe("2026-04-06 09:30");
  });

  it("counts an adjusted weekend workday (调休, Saturday 28 February)", () => {
    expect(working("2026-02-27 17:00", 1)).toBe("2026-02-28 09:00");
    expect(working("2026-02-27 17:00", 1, plain)).toBe("2026-03-02 09:00");
  });

  it("crosses the whole Spring Festival break", () => {
    // Friday 13 Feb → Saturday 14 Feb worked → 15–23 Feb off → Tuesday 24 Feb.
    expect(working("2026-02-13 17:00", 1)).toBe("2026-02-14 09:00");
    expect(working("2026-02-14 17:00", 1)).toBe("2026-02-24 09:00");
  });

  it("starts counting at the next window when it starts outside working time", () => {
    expect(working("2026-03-02 07:00", 1)).toBe("2026-03-02 09:30");
    expect(working("2026-03-02 12:30", 1)).toBe("2026-03-02 14:30");
    expect(working("2026-03-02 20:00", 1)).toBe("2026-03-03 09:30");
    expect(working("2026-03-07 10:00", 1)).toBe("2026-03-09 09:30");
    expect(working("2026-10-03 10:00", 1)).toBe("2026-10-08 09:30");
    expect(working("2026-09-19 10:00", 1)).toBe("2026-09-20 09:30");
  });

  it("ends at a window's end rather than the next window's start", () => {
    expect(working("2026-03-02 08:30", 3.5)).toBe("2026-03-02 12:00");
    expect(working("2026-03-02 13:30", 4)).toBe("2026-03-02 17:30");
    expect(working("2026-03-02 08:30", 7.5)).toBe("2026-03-02 17:30");
    expect(working("2026-03-02 12:00", 0.5)).toBe("2026-03-02 14:00");
    expect(working("2026-03-02 17:30", 0.5)).toBe("2026-03-03 09:00");
    expect(working("2026-03-02 08:30", 1 / 60)).toBe("2026-03-02 08:31");
  });

  it("adds multi-day durations day by day", () => {
    expect(working("2026-03-02 08:30", 5 * 7.5)).toBe("2026-03-06 17:30");
    expect(working("2026-03-02 10:00", 5 * 7.5)).toBe("2026-03-09 10:00");
    // 10 working days across National Day: Sep 29, 30, Oct 8, 9, 10 (worked Saturday), 12–16.
    expect(working("2026-09-28 09:00", 10 * 7.5)).toBe("2026-10-16 09:00");
  });

  it("returns the start for zero hours and refuses nonsense", () => {
    expect(working("2026-03-07 10:00", 0)).toBe("2026-03-07 10:00");
    expect(() => addBusinessDuration(cst("2026-03-02 09:00"), -1, "working", prc)).toThrow(RangeError);
    expect(() => addBusinessDuration(cst("2026-03-02 09:00"), Number.NaN, "calendar", prc)).toThrow(
      RangeError,
    );
    expect(() => addBusinessDuration(new Date("nope"), 1, "working", prc)).toThrow(RangeError);
  });

  it("uses the calendar's own windows", () => {
    const oneWindow = createWorkingCalendar({ windows: [{ start: "09:00", end: "17:00" }] });
    expect(working("2026-03-02 16:00", 2, oneWindow)).toBe("2026-03-03 10:00");
    expect(working("2026-03-02 12:30", 1, oneWindow)).toBe("2026-03-02 13:30");
    expect(() => createWorkingCalendar({ windows: [] })).toThrow(RangeError);
    expect(() => createWorkingCalendar({ windows: [{ start: "12:00", end: "08:00" }] })).toThrow(RangeError);
    expect(() =>
      createWorkingCalendar({
        windows: [
          { start: "08:00", end: "12:00" },
          { start: "11:00", end: "13:00" },
        ],
      }),
    ).toThrow(RangeError);
    expect(() => createWorkingCalendar({ windows: [{ start: "8:00", end: "12:00" }] })).toThrow(RangeError);
    expect(() => createWorkingCalendar({ weekdays: [] })).toThrow(RangeError);
  });
});

describe("addBusinessDuration, calendar hours", () => {
  it("adds plain hours round the clock, holidays and weekends included", () => {
    const add = (start: string, hours: number) =>
      show(addBusinessDuration(cst(start), hours, "calendar", prc));
    expect(add("2026-02-14 17:00", 24)).toBe("2026-02-15 17:00");
    expect(add("2026-03-06 23:30", 1.5)).toBe("2026-03-07 01:00");
    expect(add("2026-09-30 20:00", 10 * 24)).toBe("2026-10-10 20:00");
  });
});

describe("workingHoursBetween", () => {
  const between = (a: string, b: string, calendar: WorkingCalendar = prc) =>
    workingHoursBetween(cst(a), cst(b), calendar);

  it("counts only the time inside working windows", () => {
    expect(between("2026-03-02 11:00", "2026-03-02 14:30")).toBe(2);
    expect(between("2026-03-06 17:00", "2026-03-09 09:00")).toBe(1);
    expect(between("2026-03-07 08:00", "2026-03-08 20:00")).toBe(0);
    expect(between("2026-03-02 09:00", "2026-03-02 09:00")).toBe(0);
  });

  it("skips holidays and counts adjusted workdays", () => {
    // 13 Feb: 09:00–12:00 and 13:30–17:30 = 7; 14 Feb (worked Saturday) 7.5; 24 Feb 08:30–09:00 0.5.
    expect(between("2026-02-13 09:00", "2026-02-24 09:00")).toBe(15);
    expect(between("2026-02-13 09:00", "2026-02-24 09:00", plain)).toBe(7 + 6 * 7.5 + 0.5);
  });

  it("is negative when the second instant comes first (early, not late)", () => {
    expect(between("2026-03-02 14:30", "2026-03-02 11:00")).toBe(-2);
  });

  it("inverts addBusinessDuration from any start, for any duration", () => {
    // A small deterministic generator, so a failure reproduces.
    let seed = 20_260_101;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const yearStart = cst("2026-01-01 00:00").getTime();
    for (let i = 0; i < 500; i++) {
      const start = new Date(yearStart + Math.floor(random() * 365 * 24 * 60) * 60_000);
      const hours = Math.floor(random() * 200 * 4) / 4;
      const end = addBusinessDuration(start, hours, "working", prc);
      expect(workingHoursBetween(start, end, prc)).toBeCloseTo(hours, 9);
      // The end lies on a working day, inside or at the edge of a window.
      if (hours > 0) {
        expect(isWorkingDate(prc, end)).toBe(true);
        const minute = Number(show(end).slice(11, 13)) * 60 + Number(show(end).slice(14, 16));
        expect((minute > 510 && minute <= 720) || (minute > 810 && minute <= 1050)).toBe(true);
      }
      // A longer duration never ends earlier.
      expect(addBusinessDuration(start, hours + 0.25, "working", prc).getTime()).toBeGreaterThan(
        end.getTime(),
      );
    }
  });
});

describe("getDeadlines", () => {
  const rule = (code: string) => {
    const c = DEMO_CATEGORIES.find((d) => d.code === code);
    if (!c) throw new Error(`no demo category ${code}`);
    return c;
  };

  it("gives an urgent calendar-hour category its deadlines round the clock", () => {
    const d = getDeadlines(prc, rule("heating_gas.gas_smell"), cst("2026-02-16 23:10"));
    expect(show(d.responseDueAt)).toBe("2026-02-17 00:10");
    expect(show(d.handleDueAt)).toBe("2026-02-17 23:10");
  });

  it("gives a working-hour category deadlines in working time", () => {
    // property.fees: respond within one working day, handle within ten, from a Friday evening.
    const d = getDeadlines(prc, rule("property.fees"), cst("2026-03-06 17:00"));
    expect(show(d.responseDueAt)).toBe("2026-03-09 17:00");
    expect(show(d.handleDueAt)).toBe("2026-03-20 17:00");
  });

  it("moves working-hour deadlines past a holiday", () => {
    // Thursday 30 April: 1 May (Fri) to 5 May off, Saturday 9 May worked.
    const d = getDeadlines(prc, rule("sanitation.toilet"), cst("2026-04-30 09:00"));
    expect(show(d.responseDueAt)).toBe("2026-05-06 09:00");
    // Five working days: 30 Apr → 6, 7, 8, 9 (Saturday, worked), 11 May.
    expect(show(d.handleDueAt)).toBe("2026-05-11 09:00");
  });
});
