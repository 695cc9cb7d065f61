/**
 * One case (cases/:id, by id or number): what it says, where (map with its grid), who holds it,
 * its deadlines, the timeline, photos, merged and related cases, the resident's evaluation, the
 * reporter's contact masked (revealed on request for roles that must call back; each reveal is
 * logged by the server), and every action its state allows.
 */
import {
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Image,
  Result,
  Row,
  Space,
  Timeline,
  Typography,
  message,
} from "antd";
import { PrinterOutlined } from "@ant-design/icons";
import { lazy, Suspense } from "react";
import { Link, useParams } from "react-router";
import { api, ApiError } from "../../../shared/api.js";
import type {
  CaseContactReads,
  CaseDetail,
  MergedCases,
  RevealedContact,
} from "../../../shared/contracts.js";
import {
  useErrorText,
  useEventActorName,
  useLooseName,
  useNames,
  useLocalName,
} from "../../../shared/i18n/names.js";
import { useGet, useWrite } from "../../../shared/query.js";
import { CaseFromVisit, CaseLinks } from "./CaseLinks.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import ActionPanel from "./ActionPanel.js";
import { Countdown, LoadState, StatusTag, ToneTag } from "./ui.js";
import { usePunctuation } from "../../../shared/i18n/punctuation.js";
import { chinaTime } from "../../../shared/time.js";

const CaseMap = lazy(() => import("./CaseMap.js"));

/** Who acted when no person did: a timeline event's label (`open311:<key>` names the client). */
const DECISIONS = {
  approved: "work.extension.approved",
  denied: "work.extension.denied",
} as const satisfies Record<NonNullable<CaseDetail["extensions"][number]["decision"]>, ConsoleKey>;

export default function CasePage() {
  const { id = "" } = useParams();
  const { t } = useI18n();
  const punct = usePunctuation();
  const localName = useLocalName();
  const name = useNames();
  const looseName = useLooseName();
  const actorText = useEventActorName();
  const errorText = useErrorText();
  const detail = useGet<CaseDetail>(`/cases/${id}`);
  const merged = useGet<MergedCases>(`/cases/${id}/merged`);
  // Who revealed the contact: for the roles that audit reads of personal data (admins).
  const { can } = useSession();
  const contactReads = useGet<CaseContactReads>(
    can("personal_data.audit") ? `/cases/${id}/contact-reads` : null,
  );
  const reveal = useWrite(
    (caseId: string) => api<RevealedContact>(`/cases/${caseId}/reveal-contact`, { method: "POST", body: {} }),
    [],
  );
  const contact = reveal.data;
  const [messageApi, holder] = message.useMessage();
  const c = detail.data;

  if (detail.error instanceof ApiError && detail.error.status === 404) {
    return <Result status="404" title="404" subTitle={t("work.case.notFound")} />;
  }

  const photo = (attachmentId: string, size = 96) => (
    <Image
      key={attachmentId}
      width={size}
      height={size}
      style={{ objectFit: "cover" }}
      src={`/api/v1/attachments/${attachmentId}/thumb`}
      preview={{ src: `/api/v1/attachments/${attachmentId}` }}
      alt={t("work.case.photo")}
    />
  );

  return (
    <>
      {holder}
      <LoadState loading={detail.isPending} error={detail.error} reload={() => void detail.refetch()}>
        {c && (
          <div data-testid="case-page">
            <Flex align="center" gap={12} wrap style={{ marginBottom: 16 }}>
              <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
                {t("work.case.title", { number: c.number })}
              </Typography.Title>
              <span data-testid="case-status">
                {/* Not accepted because it went to people's mediation: said so, as the resident reads it. */}
                {c.status === "rejected" && c.timeline.some((e) => e.action === "transfer_to_mediation") ? (
                  <ToneTag tone="grey" data-status="rejected">
                    {t("work.case.transferred")}
                  </ToneTag>
                ) : (
                  <StatusTag status={c.status} />
                )}
              </span>
              {c.urgent && <ToneTag tone="red">{t("work.urgent")}</ToneTag>}
              {c.overdue && <ToneTag tone="overdue">{t("work.deadline.overdue")}</ToneTag>}
              {/* Printing: the server renders the PDF (contact masked, each print audited). */}
              <Button
                icon={<PrinterOutlined />}
                href={`/api/v1/cases/${c.id}/print/handling-sheet.pdf`}
                target="_blank"
                data-testid="print-sheet"
              >
                {t("work.case.printSheet")}
              </Button>
              {/* 转人民调解: its own route (the dispute form), so never among the offered actions. */}
              {can("mediation.register") && ["triage", "dispatched", "handling"].includes(c.status) && (
                <Link to={`/mediation/register?fromCase=${c.number}`} data-testid="to-mediation">
                  <Button>{t("mediation.fromCase.button")}</Button>
                </Link>
              )}
              {c.allowedActions.includes("urge") && (
                <Button
                  icon={<PrinterOutlined />}
                  href={`/api/v1/cases/${c.id}/print/supervision-notice.pdf`}
                  target="_blank"
                  data-testid="print-notice"
                >
                  {t("work.case.printNotice")}
                </Button>
              )}
            </Flex>
            <Card title={t("work.case.actions")} size="small" style={{ marginBottom: 16 }}>
              <ActionPanel detail={c} />
            </Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={14}>
                <Card title={t("work.case.facts")} size="small">
                  <Descriptions
                    size="small"
                    column={1}
                    items={[
                      { key: "d", label: t("work.field.description"), children: c.description },
                      { key: "a", label: t("work.field.address"), children: c.address ?? "—" },
                      {
                        key: "cat",
                        label: t("work.field.category"),
                        children: c.category ? localName(c.category) : t("work.uncategorised"),
                      },
                      { key: "ch", label: t("work.field.channel"), children: name("channel", c.channel) },
                      {
                        key: "r",
                        label: t("work.field.region"),
                        children: (c.region.trail.length > 0 ? c.region.trail : [c.region.name]).join(" · "),
                      },
                      {
                        key: "u",
                        label: t("work.field.assignedUnit"),
                        children: c.assignedUnit?.name ?? "—",
                      },
                      { key: "l", label: t("work.field.leadUnit"), children: c.leadUnit?.name ?? "—" },
                      { key: "c", label: t("work.field.createdAt"), children: chinaTime(c.createdAt) },
                      {
                        key: "rd",
                        label: t("work.field.responseDue"),
                        children: c.respondedAt ? (
                          t("work.case.respondedAt", { at: chinaTime(c.respondedAt) })
                        ) : (
                          <Countdown dueAt={c.responseDueAt} createdAt={c.createdAt} />
                        ),
                      },
                      {
                        key: "hd",
                        label: t("work.field.handleDue"),
                        children: c.repliedAt ? (
                          t("work.case.repliedAt", { at: chinaTime(c.repliedAt) })
                        ) : (
                          <Countdown dueAt={c.handleDueAt} createdAt={c.createdAt} />
                        ),
                      },
                      {
                        key: "rep",
                        label: t("work.field.reporter"),
                        children: (
                          <Space wrap data-testid="reporter">
                            {c.reporter.anonymous ? (
                              t("work.case.anonymous")
                            ) : c.reporter.erasedAt ? (
                              <span data-testid="reporter-erased">
                                {t("work.case.contactErased", { at: chinaTime(c.reporter.erasedAt) })}
                              </span>
                            ) : (
                              <>
                                <span>{contact?.name ?? c.reporter.name ?? "—"}</span>
                                <span data-testid="reporter-phone">
                                  {contact?.phone ?? c.reporter.phone ?? "—"}
                                </span>
                                {(contact?.email ?? c.reporter.email) && (
                                  <span>{contact?.email ?? c.reporter.email}</span>
                                )}
                                {c.reporter.masked && !contact && c.reporter.canReveal && (
                                  <Button
                                    size="small"
                                    loading={reveal.isPending}
                                    onClick={() =>
                                      reveal.mutate(c.id, {
                                        onError: (err) => void messageApi.error(errorText(err)),
                                      })
                                    }
                                    data-testid="reveal"
                                  >
                                    {t("work.case.reveal")}
                                  </Button>
                                )}
                                {contact && <ToneTag tone="orange">{t("work.case.revealedLogged")}</ToneTag>}
                              </>
                            )}
                          </Space>
                        ),
                      },
                      ...(contactReads.data
                        ? [
                            {
                              key: "reads",
                              label: t("work.case.contactReads"),
                              children: (
                                <Space direction="vertical" size={0} data-testid="contact-reads">
                                  <span>
                                    {contactReads.data.total === 0
                                      ? t("work.case.contactReadsNone")
                                      : t("work.case.contactReadsCount", { n: contactReads.data.total })}
                                  </span>
                                  {contactReads.data.readers.map((r) => (
                                    <span key={r.id}>
                                      {t("work.case.contactReadsBy", {
                                        name: r.displayName,
                                        n: r.count,
                                        at: chinaTime(r.lastAt),
                                      })}
                                    </span>
                                  ))}
                                </Space>
                              ),
                            },
                          ]
                        : []),
                    ]}
                  />
                </Card>
                <Card
                  title={t("work.case.evaluation")}
                  size="small"
                  style={{ marginTop: 16 }}
                  data-testid="evaluation"
                >
                  {c.evaluatedAt ? (
                    <Descriptions
                      size="small"
                      column={1}
                      items={[
                        {
                          key: "res",
                          label: t("work.field.resolved"),
                          children: c.resolved === null ? "—" : c.resolved ? t("work.yes") : t("work.no"),
                        },
                        {
                          key: "sat",
                          label: t("work.field.satisfaction"),
                          children: c.satisfaction ? name("satisfaction", c.satisfaction) : "—",
                        },
                        ...(c.evaluationComment
                          ? [{ key: "com", label: t("work.field.comment"), children: c.evaluationComment }]
                          : []),
                        {
                          key: "at",
                          label: t("work.field.evaluatedAt"),
                          children: chinaTime(c.evaluatedAt),
                        },
                      ]}
                    />
                  ) : (
                    <Typography.Text type="secondary">{t("work.case.notEvaluated")}</Typography.Text>
                  )}
                </Card>
                <Card title={t("work.case.timeline")} size="small" style={{ marginTop: 16 }}>
                  <Timeline
                    data-testid="timeline"
                    items={c.timeline.map((e) => ({
                      key: e.id,
                      content: (
                        <div data-action={e.action}>
                          <strong>{looseName("caseAction", e.action)}</strong>{" "}
                          {e.action === "evaluate" &&
                            (e.data as { by?: unknown } | null)?.by === "follow_up" && (
                              <ToneTag tone="cyan" data-testid="evaluated-by-phone">
                                {t("intake.follow.byPhone")}
                              </ToneTag>
                            )}
                          <Typography.Text type="secondary">{chinaTime(e.at)}</Typography.Text>
                          <div>
                            {[e.unit?.name, e.actor?.name, e.label ? actorText(e.label) : null]
                              .filter(Boolean)
                              .join(" · ")}
                            {e.fromStatus !== e.toStatus && (
                              <>
                                {" "}
                                → <StatusTag status={e.toStatus} />
                              </>
                            )}
                          </div>
                          {e.note && <div style={{ whiteSpace: "pre-wrap" }}>{e.note}</div>}
                          {c.attachments.some((a) => a.eventId === e.id) && (
                            <Flex gap={8} wrap style={{ marginTop: 4 }}>
                              {c.attachments.filter((a) => a.eventId === e.id).map((a) => photo(a.id, 72))}
                            </Flex>
                          )}
                        </div>
                      ),
                    }))}
                  />
                </Card>
              </Col>
              <Col xs={24} lg={10}>
                <Card title={t("work.case.map")} size="small">
                  {c.location || c.gridCode ? (
                    <Suspense fallback={<div style={{ height: 300 }} />}>
                      <CaseMap
                        point={c.location}
                        gridCode={c.gridCode}
                        villageCode={c.region.path.split(".")[3] ?? null}
                        height={300}
                      />
                    </Suspense>
                  ) : (
                    <Typography.Text type="secondary">{t("work.case.noLocation")}</Typography.Text>
                  )}
                  {c.gridCode && (
                    <div style={{ marginTop: 8 }}>
                      {punct.labelled(t("work.field.grid"), c.gridName ?? c.gridCode)}
                    </div>
                  )}
                </Card>
                <Card
                  title={t("work.case.photos")}
                  size="small"
                  style={{ marginTop: 16 }}
                  data-testid="photos"
                >
                  {c.attachments.length === 0 ? (
                    <Typography.Text type="secondary">{t("work.case.noPhotos")}</Typography.Text>
                  ) : (
                    <Image.PreviewGroup>
                      <Flex gap={8} wrap>
                        {c.attachments.map((a) => photo(a.id))}
                      </Flex>
                    </Image.PreviewGroup>
                  )}
                </Card>
                <Card title={t("work.case.related")} size="small" style={{ marginTop: 16 }}>
                  <Descriptions
                    size="small"
                    column={1}
                    items={[
                      {
                        key: "into",
                        label: t("work.case.mergedInto"),
                        children: c.mergedInto ? (
                          <Link to={`/cases/${c.mergedInto.number}`}>{c.mergedInto.number}</Link>
                        ) : (
                          "—"
                        ),
                      },
                      {
                        key: "from",
                        label: t("work.case.mergedFrom"),
                        children:
                          (merged.data?.items.length ?? 0) === 0 ? (
                            "—"
                          ) : (
                            <Flex gap={8} wrap>
                              {merged.data?.items.map((m) => (
                                <Link key={m.id} to={`/cases/${m.number}`}>
                                  {m.number}
                                </Link>
                              ))}
                            </Flex>
                          ),
                      },
                      {
                        key: "dup",
                        label: t("work.case.possibleDuplicates"),
                        children:
                          c.possibleDuplicates.length === 0 ? (
                            "—"
                          ) : (
                            <Flex gap={8} wrap>
                              {c.possibleDuplicates.map((d) => (
                                <Link key={d.id} to={`/cases/${d.number}`}>
                                  {d.number}
                                </Link>
                              ))}
                            </Flex>
                          ),
                      },
                    ]}
                  />
                  <CaseFromVisit caseId={c.id} />
                </Card>
                <CaseLinks caseId={c.id} />
                {(c.whistles.length > 0 || c.extensions.length > 0) && (
                  <Card title={t("work.case.joint")} size="small" style={{ marginTop: 16 }}>
                    {c.whistles.map((w) => (
                      <div key={w.id}>
                        {name("caseAction", "whistle")}: {w.unit.name} —{" "}
                        {w.reportedAt
                          ? t("work.case.reported")
                          : t("work.case.reportDue", { at: chinaTime(w.reportDueAt) })}
                      </div>
                    ))}
                    {c.extensions.map((x) => (
                      <div key={x.id}>
                        {name("caseAction", "request_extension")}: +{x.extraHours}h · {x.reason} —{" "}
                        {x.decision ? t(DECISIONS[x.decision]) : t("work.extension.pending")}
                      </div>
                    ))}
                  </Card>
                )}
              </Col>
            </Row>
          </div>
        )}
      </LoadState>
    </>
  );
}
