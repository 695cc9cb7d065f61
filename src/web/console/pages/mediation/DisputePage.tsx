/**
 * A dispute's page: its facts, parties (masked as the server sends them), sessions, agreement
 * (with the printable 人民调解协议书), referral, follow-ups, judicial confirmation and timeline, and
 * the forms of the actions the server offers this person now (./DisputeActions.tsx).
 */
import { PrinterOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Image,
  Input,
  List,
  Space,
  Timeline,
  Typography,
  Tooltip,
} from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api } from "../../../shared/api.js";
import type { DisputeDetail, DisputeTypeList, RevealedParties } from "../../../shared/contracts.js";
import { useErrorText } from "../../../shared/i18n/names.js";
import { useGet } from "../../../shared/query.js";
import { useI18n } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { LoadState, ToneTag } from "../work/ui.js";
import { DisputeActions } from "./DisputeActions.js";
import {
  CHANNEL_KEYS,
  DECISION_KEYS,
  PERFORMED_KEYS,
  RISK_KEYS,
  ROLE_KEYS,
  SOURCE_KEYS,
  STATUS_KEYS,
  actionKey,
  chinaTime,
  typeNameOf,
} from "./words.js";
import { usePunctuation } from "../../../shared/i18n/punctuation.js";

/**
 * The parties' phones in full, for a mediator who must call them: a reason, then the numbers
 * (the server logs each reveal in the personal-data reads the admins see).
 */
function RevealParties({
  disputeId,
  onRevealed,
}: {
  disputeId: string;
  onRevealed: (phones: Map<string, string | null>) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [reason, setReason] = useState("");
  return (
    <Space.Compact>
      <Input
        size="small"
        placeholder={t("mediation.reveal.reason")}
        aria-label={t("mediation.reveal.reason")}
        value={reason}
        maxLength={200}
        onChange={(e) => setReason(e.target.value)}
        data-testid="reveal-reason"
      />
      <Tooltip title={reason.trim() === "" ? t("people.revealNeedsReason") : undefined}>
        <Button
          size="small"
          disabled={reason.trim() === ""}
          data-testid="reveal-parties"
          onClick={() =>
            void api<RevealedParties>(`/mediation/disputes/${disputeId}/reveal-parties`, {
              method: "POST",
              body: { reason: reason.trim() },
            })
              .then((r) => onRevealed(new Map(r.parties.map((p) => [p.id, p.phone]))))
              .catch((err: unknown) => void message.error(errorText(err)))
          }
        >
          {t("mediation.reveal.button")}
        </Button>
      </Tooltip>
    </Space.Compact>
  );
}

export default function DisputePage() {
  const { t, lang } = useI18n();
  const punct = usePunctuation();
  const { can } = useSession();
  const [revealed, setRevealed] = useState<Map<string, string | null> | null>(null);
  const { id = "" } = useParams();
  const detail = useGet<DisputeDetail>(`/mediation/disputes/${encodeURIComponent(id)}`);
  const types = useGet<DisputeTypeList>("/mediation/dispute-types");
  const d = detail.data;
  return (
    <LoadState loading={detail.isPending} error={detail.error} reload={() => void detail.refetch()}>
      {d && (
        <Flex vertical gap={16} data-testid="dispute-page">
          <Flex gap={8} align="center" wrap>
            <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
              {d.number}
            </Typography.Title>
            <ToneTag tone="blue">{t(STATUS_KEYS[d.status])}</ToneTag>
            {d.overdue && <ToneTag tone="overdue">{t("mediation.overdue")}</ToneTag>}
            {d.repeatAlertAt && <ToneTag tone="red">{t("mediation.repeat")}</ToneTag>}
            {d.agreement?.form === "written" && (
              <Button
                icon={<PrinterOutlined />}
                href={`/api/v1/mediation/disputes/${d.id}/agreement.pdf`}
                target="_blank"
                data-testid="print-agreement"
              >
                {t("mediation.agreement.print")}
              </Button>
            )}
          </Flex>
          <Card size="small" title={t("mediation.actions")}>
            <DisputeActions dispute={d} />
          </Card>
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label={t("mediation.field.type")}>
              {typeNameOf(types.data?.items, d.typeCode, lang)}
            </Descriptions.Item>
            <Descriptions.Item label={t("mediation.field.source")}>
              {t(SOURCE_KEYS[d.source])}
            </Descriptions.Item>
            <Descriptions.Item label={t("mediation.field.risk")}>
              {t(RISK_KEYS[d.riskLevel])}
            </Descriptions.Item>
            <Descriptions.Item label={t("mediation.field.place")}>{d.regionName}</Descriptions.Item>
            <Descriptions.Item label={t("mediation.field.committee")}>{d.committeeName}</Descriptions.Item>
            <Descriptions.Item label={t("mediation.field.mediator")}>
              {d.mediatorName ?? t("mediation.none")}
            </Descriptions.Item>
            <Descriptions.Item label={t("mediation.field.deadline")}>{chinaTime(d.dueAt)}</Descriptions.Item>
            <Descriptions.Item label={t("mediation.field.amount")}>
              {d.amountInDispute ?? t("mediation.none")}
            </Descriptions.Item>
            {d.extendedAt && (
              <Descriptions.Item label={t("mediation.field.extension")} span={2}>
                {chinaTime(d.extendedAt)} · {d.extensionConsent}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t("mediation.field.facts")} span={2}>
              {d.facts}
            </Descriptions.Item>
          </Descriptions>
          <Card
            size="small"
            title={t("mediation.parties")}
            extra={
              can("mediation.mediate") &&
              !revealed &&
              d.parties.some((p) => p.phone) && <RevealParties disputeId={d.id} onRevealed={setRevealed} />
            }
          >
            <List
              size="small"
              dataSource={d.parties}
              renderItem={(p) => (
                <List.Item data-testid="dispute-party">
                  {punct.labelled(
                    t(ROLE_KEYS[p.role]),
                    `${p.name} ${revealed?.get(p.id) ?? p.phone ?? ""}`.trim(),
                  )}
                  {p.personId && can("people.read") && (
                    <Link to={`/people?person=${encodeURIComponent(p.personId)}`} data-testid="party-file">
                      {t("people.open")}
                    </Link>
                  )}
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t("mediation.sessions")}>
            <List
              size="small"
              dataSource={d.sessions}
              renderItem={(s) => (
                <List.Item>
                  <Typography.Text strong>
                    {chinaTime(s.heldAt)} {s.place}
                  </Typography.Text>
                  <Descriptions size="small" column={1} style={{ marginTop: 4 }}>
                    <Descriptions.Item label={t("mediation.field.participants")}>
                      {s.participants}
                    </Descriptions.Item>
                    <Descriptions.Item label={t("mediation.field.said")}>{s.notes}</Descriptions.Item>
                  </Descriptions>
                  <Flex gap={4}>
                    {s.photoIds.map((id) => (
                      <Image
                        key={id}
                        width={72}
                        height={72}
                        style={{ objectFit: "cover" }}
                        src={`/api/v1/attachments/${id}/thumb`}
                        preview={{ src: `/api/v1/attachments/${id}` }}
                        alt={t("mediation.session.photo")}
                      />
                    ))}
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
          {d.agreement && (
            <Card size="small" title={t("mediation.agreement")}>
              <Descriptions size="small" column={1} data-testid="agreement">
                <Descriptions.Item label={t("mediation.field.matters")}>
                  {d.agreement.matters}
                </Descriptions.Item>
                <Descriptions.Item label={t("mediation.field.agreed")}>
                  {d.agreement.agreed}
                </Descriptions.Item>
                <Descriptions.Item label={t("mediation.field.performanceManner")}>
                  {d.agreement.performanceManner}
                </Descriptions.Item>
              </Descriptions>
            </Card>
          )}
          {d.referral && (
            <Card size="small" title={t("mediation.referral")}>
              <Descriptions size="small" column={3}>
                <Descriptions.Item label={t("mediation.field.channel")}>
                  {t(CHANNEL_KEYS[d.referral.channel])}
                </Descriptions.Item>
                <Descriptions.Item label={t("mediation.field.receivingBody")}>
                  {d.referral.receivingBody}
                </Descriptions.Item>
                <Descriptions.Item label={t("mediation.field.referredOn")}>
                  {d.referral.referredOn}
                </Descriptions.Item>
              </Descriptions>
            </Card>
          )}
          {d.judicialConfirmation && (
            <Card size="small" title={t("mediation.judicial")}>
              <Descriptions size="small" column={2}>
                <Descriptions.Item label={t("mediation.field.court")}>
                  {d.judicialConfirmation.court}
                </Descriptions.Item>
                <Descriptions.Item label={t("mediation.field.appliedOn")}>
                  {d.judicialConfirmation.appliedOn}
                </Descriptions.Item>
                <Descriptions.Item label={t("mediation.field.decision")}>
                  {d.judicialConfirmation.decision
                    ? t(DECISION_KEYS[d.judicialConfirmation.decision])
                    : t("mediation.decision.pending")}
                </Descriptions.Item>
                <Descriptions.Item label={t("mediation.field.decidedOn")}>
                  {d.judicialConfirmation.decidedOn ?? t("mediation.none")}
                </Descriptions.Item>
              </Descriptions>
            </Card>
          )}
          {d.followUps.length > 0 && (
            <Card size="small" title={t("mediation.followUps")}>
              <List
                size="small"
                dataSource={d.followUps}
                renderItem={(f) => (
                  <List.Item>
                    {f.followedOn} {t(PERFORMED_KEYS[f.performed])} {f.notes}
                  </List.Item>
                )}
              />
            </Card>
          )}
          <Card size="small" title={t("mediation.timeline")}>
            <Timeline
              items={d.timeline.map((e) => ({
                children: `${chinaTime(e.at)} ${t(actionKey(e.action))}${e.actorName ? ` · ${e.actorName}` : ""}${e.note ? ` · ${e.note}` : ""}`,
              }))}
            />
          </Card>
        </Flex>
      )}
    </LoadState>
  );
}
