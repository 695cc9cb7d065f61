/**
 * The cockpit's dispute tile (矛盾纠纷调解): found, settled, the settlement rate and the village
 * share of the cockpit's region and period, for whoever may read disputes; each number opens the
 * dispute figures page drilled into that figure. Nothing is shown to anyone else, nor when the
 * cockpit is narrowed to a department (disputes are not departments').
 */
import { Card, Flex } from "antd";
import { Link } from "react-router";
import type { CockpitScope, DisputeCount, DisputeFiguresView } from "../../../shared/contracts.js";
import { useGet } from "../../../shared/query.js";
import { useI18n } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { percent } from "../cockpit/period.js";
import { COUNT_KEYS, RATE_KEYS } from "./DisputeFiguresPage.js";

function figuresPath(scope: CockpitScope, figure: DisputeCount): string {
  const p = new URLSearchParams({ period: "custom", figure });
  if (scope.from) p.set("from", scope.from);
  if (scope.to) p.set("to", scope.to);
  if (scope.region) p.set("region", scope.region);
  return `/mediation/figures?${p.toString()}`;
}

export function DisputeTile({ scope }: { scope: CockpitScope }) {
  const { t } = useI18n();
  const { can } = useSession();
  const shown = can("mediation.read") && !scope.department;
  const query = {
    ...(scope.region ? { region: scope.region } : {}),
    ...(scope.from ? { from: scope.from } : {}),
    ...(scope.to ? { to: scope.to } : {}),
  };
  const figures = useGet<DisputeFiguresView>(shown ? "/mediation/figures" : null, query);
  const f = figures.data;
  if (!shown || !f) return null;
  const counts = ["found", "accepted", "settled", "notSettled", "repeatAlerts"] as const;
  const rates = [
    ["settlementRate", "settled"],
    ["withinDeadlineRate", "withinDeadline"],
    ["villageShare", "settledVillage"],
  ] as const;
  return (
    <Card
      size="small"
      title={t("mediation.tile.title")}
      extra={<Link to={figuresPath(scope, "found")}>{t("mediation.tile.open")}</Link>}
      data-testid="dispute-tile"
    >
      <Flex wrap gap={32}>
        {counts.map((c) => (
          <div key={c} data-testid={`tile-${c}`}>
            <div style={{ color: "#555" }}>{t(COUNT_KEYS[c])}</div>
            <Link to={figuresPath(scope, c)} style={{ fontSize: 22, fontWeight: 600 }}>
              {f.figures.counts[c]}
            </Link>
          </div>
        ))}
        {rates.map(([r, c]) => (
          <div key={r} data-testid={`tile-${r}`}>
            <div style={{ color: "#555" }}>{t(RATE_KEYS[r])}</div>
            <Link to={figuresPath(scope, c)} style={{ fontSize: 22, fontWeight: 600 }}>
              {percent(f.figures.rates[r].value)}
            </Link>
          </div>
        ))}
      </Flex>
    </Card>
  );
}
