/** A tag in green, red or grey with text dark enough for WCAG AA (antd's preset colours fall short). */
import { Tag } from "antd";
import type { ReactNode } from "react";

const TONES = {
  ok: { color: "#135200", background: "#f6ffed", borderColor: "#b7eb8f" },
  bad: { color: "#a8071a", background: "#fff1f0", borderColor: "#ffa39e" },
  neutral: { color: "#262626", background: "#fafafa", borderColor: "#d9d9d9" },
} as const;

export function ToneTag({
  tone,
  children,
  testId,
}: {
  tone: keyof typeof TONES;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Tag style={TONES[tone]} data-testid={testId}>
      {children}
    </Tag>
  );
}
