/**
 * The mark of a required field on the phone, as the console shows it (antd's red `*` before the
 * label): seen, not read out — the field itself carries `aria-required`, so a screen reader says
 * "required" in its own language.
 */
export function RequiredMark() {
  return (
    <span className="mg-required" aria-hidden="true" style={{ color: "#cf1322", marginInlineEnd: 4 }}>
      *
    </span>
  );
}
