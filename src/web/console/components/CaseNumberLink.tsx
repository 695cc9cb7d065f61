/**
 * A case's number as a link to its page, kept on one line with even-width digits so a column of
 * numbers reads straight down (a number broken over two lines is misread on the phone).
 */
import { Link } from "react-router";

export function CaseNumberLink({ to, number }: { to: string; number: string }) {
  return (
    <Link to={`/cases/${to}`} style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
      {number}
    </Link>
  );
}
