/**
 * Line breaking for printed Chinese: a Han character (or full-width sign) may end a line anywhere,
 * Latin words and numbers stay whole unless a single one is wider than the line, and the usual
 * rules of Chinese typesetting hold — a closing mark (，。、）」 …) never starts a line (it hangs at
 * the end of the previous one) and an opening mark (（「《 …) never ends one.
 */

/** Marks that may not begin a line (避头点). */
const NO_LINE_START = new Set([..."，。、；：！？）】」』》〉”’…·—～%,.;:!?)]}"]);
/** Marks that may not end a line (避尾点). */
const NO_LINE_END = new Set([..."（【「『《〈“‘([{"]);

/** One unbreakable piece of text: a Latin word or number, a run of spaces, or one other character. */
function tokens(paragraph: string): string[] {
  // Letters, digits and the signs that glue them (e-mail, phone, 12:30, 3.5, a/b) form words.
  // Only Latin spaces separate words; the ideographic space (U+3000) is a character (an indent).
  return paragraph.match(/[A-Za-z0-9\u00c0-\u024f@#&_\-+./:'*]+|[ \t]+|./gsu) ?? [];
}

/** The longest head of `token` that fits in `room` (at least one character), and the rest. */
function cut(token: string, room: number, measure: (s: string) => number): [string, string] {
  const chars = [...token];
  let n = 1;
  while (n < chars.length && measure(chars.slice(0, n + 1).join("")) <= room) n++;
  return [chars.slice(0, n).join(""), chars.slice(n).join("")];
}

/**
 * The lines of `text` set in `width`, as `measure` (the width of a string in the current font and
 * size) sees them. Newlines in the text start new lines; an empty text is one empty line.
 */
export function wrapText(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, "\n").split("\n")) {
    let line: string[] = [];
    let lineWidth = 0;
    const flush = () => {
      // An opening mark at the end goes down with the text it opens.
      const carried: string[] = [];
      while (line.length > 1 && NO_LINE_END.has(line[line.length - 1] ?? "")) {
        carried.unshift(line.pop() ?? "");
      }
      lines.push(line.join("").trimEnd());
      line = carried;
      lineWidth = carried.reduce((sum, t) => sum + measure(t), 0);
    };
    for (const token of tokens(paragraph)) {
      const isSpace = /^[ \t]+$/.test(token);
      if (isSpace && line.length === 0) continue;
      const w = measure(token);
      if (lineWidth + w <= width || NO_LINE_START.has(token)) {
        line.push(token);
        lineWidth += w;
        continue;
      }
      if (isSpace) {
        flush();
        continue;
      }
      if (line.length > 0) flush();
      if (lineWidth + w <= width) {
        line.push(token);
        lineWidth += w;
        continue;
      }
      // A word wider than the line: cut it where it must be cut.
      let rest = token;
      while (rest !== "" && lineWidth + measure(rest) > width) {
        const [head, tail] = cut(rest, width - lineWidth, measure);
        line.push(head);
        flush();
        rest = tail;
      }
      line.push(rest);
      lineWidth += measure(rest);
    }
    lines.push(line.join("").trimEnd());
  }
  return lines;
}
