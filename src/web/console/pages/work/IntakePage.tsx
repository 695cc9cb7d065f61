/**
 * The intake desk (来电来访受理) of operators and talk-station staff: the caller's phone brings up
 * their earlier appeals (the case list searched by phone: the server checks the role and logs
 * the read), the category (a searchable tree over the catalogue's names in both languages) and
 * the place (the region tree) bring up open appeals of the same kind there as possible
 * duplicates, and the appeal is filed — dispatched by routing, or answered on the spot (当场办结)
 * and closed in the same step.
 */
import { randomKey } from "../../../shared/idempotency-key.js";
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  Result,
  Row,
  Select,
  Space,
  Switch,
  Table,
  TreeSelect,
  Typography,
} from "antd";
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { Link } from "react-router";
import { api } from "../../../shared/api.js";
import type {
  AddressHit,
  CaseChannel,
  CaseCreated,
  CaseList,
  CaseListItem,
  DuplicateCandidates,
  NewCase,
} from "../../../shared/contracts.js";
import { useErrorText, useNames, useLocalName } from "../../../shared/i18n/names.js";
import { usePunctuation } from "../../../shared/i18n/punctuation.js";
import { useGet, useWrite } from "../../../shared/query.js";
import { AddressSearch } from "../../components/AddressSearch.js";
import { RegionPicker } from "../../components/RegionPicker.js";
import { useI18n } from "../../i18n/index.js";
import { useSession } from "../../session.js";
import { CASE_READS, categoryTree, formFieldErrors, useCategories, type CategoryNode } from "./data.js";
import { CategoryIcon } from "../../components/CategoryIcon.js";
import { StatusTag } from "./ui.js";
import { chinaTime } from "../../../shared/time.js";

const CaseMap = lazy(() => import("./CaseMap.js"));

/** The channels of a call or a visit (a patrol finding is the grid worker's own form). */
const DESK_CHANNELS = [
  "hotline",
  "talk_station",
  "talk_site",
  "talk_box",
] as const satisfies readonly CaseChannel[];
/** Of those, the ones on which an answer can be given there and then. */
const ON_THE_SPOT: readonly CaseChannel[] = ["hotline", "talk_station", "talk_site"];
/** The permissions of which one lets a person search by phone (the server decides again). */
const PHONE_SEARCH = ["cases.reveal_contact", "cases.supervise", "cases.follow_up"];

type DeskChannel = (typeof DESK_CHANNELS)[number];

interface FormValues {
  phone?: string;
  name?: string;
  channel: DeskChannel;
  categoryCode?: string;
  regionCode?: string;
  address?: string;
  description?: string;
  urgent: boolean;
  onSpot: boolean;
  answer?: string;
}

/** The digits of a phone as typed, when there are enough of them to name a number. */
function wholePhone(phone: string | undefined): string | null {
  const digits = (phone ?? "").replace(/[^0-9]/g, "");
  return digits.length >= 7 ? digits : null;
}

/** A value that follows `value` once it has stayed the same for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function CaseRows({ items, testId }: { items: CaseListItem[]; testId: string }) {
  const { t } = useI18n();
  const localName = useLocalName();
  return (
    <Table<CaseListItem>
      size="small"
      rowKey="id"
      pagination={false}
      data-testid={testId}
      dataSource={items}
      columns={[
        {
          title: t("work.field.number"),
          dataIndex: "number",
          render: (n: string, r) => <Link to={`/cases/${r.id}`}>{n}</Link>,
        },
        {
          title: t("work.field.status"),
          dataIndex: "status",
          render: (_: unknown, r) => <StatusTag status={r.status} />,
        },
        {
          title: t("work.field.category"),
          dataIndex: "category",
          render: (_: unknown, r) =>
            r.category ? (
              <>
                <CategoryIcon code={r.category.code} />
                {localName(r.category)}
              </>
            ) : (
              t("work.uncategorised")
            ),
        },
        { title: t("work.field.summary"), dataIndex: "summary", ellipsis: true },
        {
          title: t("work.field.createdAt"),
          dataIndex: "createdAt",
          render: (v: string) => chinaTime(v),
        },
      ]}
    />
  );
}

export default function IntakePage() {
  const { t, lang } = useI18n();
  const name = useNames();
  const errorText = useErrorText();
  const punct = usePunctuation();
  const { session } = useSession();
  const [form] = Form.useForm<FormValues>();
  const [key, setKey] = useState(randomKey);
  const [filed, setFiled] = useState<CaseCreated | null>(null);
  /** Where the appeal is, from the address search or a click on the map. */
  const [point, setPoint] = useState<{ lon: number; lat: number } | null>(null);
  const [place, setPlace] = useState<AddressHit | null>(null);
  const catalogue = useCategories();
  const tree = useMemo(() => categoryTree(catalogue.data?.items ?? [], lang), [catalogue.data, lang]);

  const phone = useSettled(wholePhone(Form.useWatch("phone", form)), 500);
  const category = Form.useWatch("categoryCode", form);
  const region = Form.useWatch("regionCode", form);
  const channel = Form.useWatch("channel", form);
  const onSpot = Form.useWatch("onSpot", form) ?? false;
  const mayLookUp = PHONE_SEARCH.some((p) => session?.permissions.includes(p));

  const history = useGet<CaseList>(mayLookUp && phone ? "/cases" : null, {
    phone: phone ?? "",
    sort: "created",
    pageSize: 10,
  });
  const dupes = useGet<DuplicateCandidates>(category && region ? "/intake/duplicates" : null, {
    category: category ?? "",
    region: region ?? "",
  });

  const file = useWrite<NewCase, CaseCreated>(
    (body) => api<CaseCreated>("/cases", { method: "POST", body, headers: { "idempotency-key": key } }),
    [...CASE_READS, "/follow-ups", "/intake"],
  );

  const submit = (v: FormValues) => {
    const body: NewCase = {
      channel: v.channel,
      categoryCode: v.categoryCode ?? null,
      description: v.description ?? "",
      regionCode: v.regionCode ?? null,
      address: v.address?.trim() ? v.address.trim() : null,
      location: point,
      urgent: v.urgent,
      reporter: v.phone || v.name ? { name: v.name?.trim() || null, phone: v.phone?.trim() || null } : null,
      ...(v.onSpot && ON_THE_SPOT.includes(v.channel) ? { answeredOnSpot: { answer: v.answer ?? "" } } : {}),
    };
    file.mutate(body, {
      onSuccess: (created) => setFiled(created),
      onError: (err) => {
        const fields = formFieldErrors(
          err,
          ["description", "regionCode", "categoryCode", "phone", "answer"],
          errorText,
        );
        if (fields.length > 0) form.setFields(fields as Parameters<typeof form.setFields>[0]);
      },
    });
  };

  const nextCall = () => {
    setFiled(null);
    setKey(randomKey());
    file.reset();
    form.resetFields();
    setPoint(null);
    setPlace(null);
  };

  if (filed) {
    return (
      <Result
        status="success"
        data-testid="intake-filed"
        title={t("intake.filed", { number: filed.number })}
        subTitle={
          <>
            <div>
              {filed.assignedUnit
                ? t("intake.filedTo", {
                    status: name("caseStatus", filed.status),
                    unit: filed.assignedUnit.name,
                  })
                : t("intake.filedNoUnit", { status: name("caseStatus", filed.status) })}
            </div>
            {filed.trackingCode && (
              <div data-testid="intake-tracking-code">
                {t("intake.trackingCode", { code: filed.trackingCode })}
              </div>
            )}
          </>
        }
        extra={[
          <Button key="next" type="primary" onClick={nextCall} data-testid="intake-next">
            {t("intake.newCall")}
          </Button>,
          <Link key="open" to={`/cases/${filed.id}`}>
            {t("intake.openCase")}
          </Link>,
        ]}
      />
    );
  }

  /** A place found by the address search: its address, region and point, as a pick on the map. */
  const pickPlace = (hit: AddressHit) => {
    setPlace(hit);
    setPoint(hit.point);
    form.setFieldsValue({
      regionCode: hit.regionCode,
      ...(hit.kind === "address" ? { address: hit.fullAddress } : {}),
    });
    void form.validateFields(["regionCode"]).catch(() => undefined);
  };

  const dupeItems = dupes.data?.items ?? [];
  const historyItems = history.data?.items ?? [];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t("intake.title")}
      </Typography.Title>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Form<FormValues>
            form={form}
            layout="vertical"
            name="intake"
            initialValues={{ channel: "hotline", urgent: false, onSpot: false }}
            onFinish={submit}
          >
            <Card title={t("intake.caller")} size="small" style={{ marginBottom: 16 }}>
              <Flex gap={16} wrap>
                <Form.Item name="phone" label={t("intake.field.phone")} style={{ minWidth: 220 }}>
                  <Input inputMode="tel" autoComplete="off" />
                </Form.Item>
                <Form.Item name="name" label={t("intake.field.name")} style={{ minWidth: 160 }}>
                  <Input autoComplete="off" />
                </Form.Item>
                <Form.Item
                  name="channel"
                  label={t("intake.field.channel")}
                  rules={[{ required: true, message: t("intake.required.channel") }]}
                  style={{ minWidth: 160 }}
                >
                  <Select options={DESK_CHANNELS.map((c) => ({ value: c, label: name("channel", c) }))} />
                </Form.Item>
              </Flex>
            </Card>
            <Card title={t("intake.appeal")} size="small" style={{ marginBottom: 16 }}>
              <Form.Item name="categoryCode" label={t("intake.field.category")}>
                <TreeSelect<string>
                  showSearch
                  allowClear
                  treeData={tree}
                  placeholder={t("intake.placeholder.category")}
                  filterTreeNode={(input, node) =>
                    String((node as unknown as CategoryNode).search ?? "").includes(
                      input.trim().toLowerCase(),
                    )
                  }
                  popupMatchSelectWidth={false}
                />
              </Form.Item>
              <Form.Item label={t("maps.addressSearch.label")} htmlFor="intake_addressSearch">
                <AddressSearch
                  key={key}
                  id="intake_addressSearch"
                  onPick={pickPlace}
                  style={{ width: "100%" }}
                />
              </Form.Item>
              <Form.Item
                name="regionCode"
                label={t("intake.field.region")}
                rules={[{ required: point === null, message: t("intake.required.region") }]}
              >
                <RegionPicker style={{ width: "100%" }} />
              </Form.Item>
              <Form.Item name="address" label={t("intake.field.address")}>
                <Input maxLength={300} />
              </Form.Item>
              <Suspense fallback={<div style={{ height: 220 }} />}>
                <CaseMap
                  point={point}
                  gridCode={place?.grid?.code ?? null}
                  villageCode={place?.village?.code ?? null}
                  onPick={(p) => {
                    // A point of one's own: the grid it falls in is the server's to find.
                    setPoint(p);
                    setPlace(null);
                  }}
                  height={220}
                />
              </Suspense>
              <Typography.Paragraph type="secondary" style={{ marginTop: 4 }} data-testid="intake-point">
                {!point
                  ? t("intake.mapHint")
                  : place?.village
                    ? punct.labelled(
                        t("maps.picker.communityLabel"),
                        place.grid ? `${place.village.name} · ${place.grid.name}` : place.village.name,
                      )
                    : t("intake.pointSet")}
              </Typography.Paragraph>
              <Form.Item
                name="description"
                label={t("intake.field.description")}
                rules={[
                  { required: true, min: 5, whitespace: true, message: t("intake.required.description") },
                ]}
              >
                <Input.TextArea rows={4} maxLength={4000} placeholder={t("intake.placeholder.description")} />
              </Form.Item>
              <Space size="large" wrap>
                <Form.Item name="urgent" label={t("intake.field.urgent")} valuePropName="checked">
                  <Switch />
                </Form.Item>
                <Form.Item name="onSpot" valuePropName="checked" extra={t("intake.onSpotHelp")}>
                  <Checkbox disabled={!ON_THE_SPOT.includes(channel ?? "hotline")}>
                    {t("intake.field.onSpot")}
                  </Checkbox>
                </Form.Item>
              </Space>
              {onSpot && (
                <Form.Item
                  name="answer"
                  label={t("intake.field.answer")}
                  rules={[{ required: true, min: 2, whitespace: true, message: t("intake.required.answer") }]}
                >
                  <Input.TextArea rows={3} maxLength={2000} placeholder={t("intake.placeholder.answer")} />
                </Form.Item>
              )}
            </Card>
            {file.error && (
              <Alert type="error" showIcon style={{ marginBottom: 16 }} message={errorText(file.error)} />
            )}
            <Button type="primary" htmlType="submit" loading={file.isPending} data-testid="intake-submit">
              {onSpot ? t("intake.submitOnSpot") : t("intake.submit")}
            </Button>
          </Form>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            title={t("intake.dupes.title")}
            size="small"
            style={{ marginBottom: 16 }}
            data-testid="intake-dupes"
          >
            {!category || !region ? (
              <Typography.Text type="secondary">{t("intake.dupes.waiting")}</Typography.Text>
            ) : dupes.error ? (
              <Alert type="error" message={errorText(dupes.error)} />
            ) : dupeItems.length === 0 ? (
              dupes.isFetching ? null : (
                <Typography.Text type="secondary">{t("intake.dupes.none")}</Typography.Text>
              )
            ) : (
              <>
                <Alert
                  type="warning"
                  showIcon
                  data-testid="intake-dupes-warning"
                  message={t("intake.dupes.found", { count: dupeItems.length })}
                  description={t("intake.dupes.stillFile")}
                  style={{ marginBottom: 8 }}
                />
                <CaseRows items={dupeItems} testId="intake-dupes-list" />
              </>
            )}
          </Card>
          <Card title={t("intake.history.title")} size="small" data-testid="intake-history">
            {!mayLookUp ? (
              <Typography.Text type="secondary">{t("intake.history.noPermission")}</Typography.Text>
            ) : !phone ? (
              <Typography.Text type="secondary">{t("intake.history.typeMore")}</Typography.Text>
            ) : history.error ? (
              <Alert type="error" message={errorText(history.error)} />
            ) : history.isFetching && !history.data ? null : historyItems.length === 0 ? (
              <Typography.Text type="secondary">{t("intake.history.none")}</Typography.Text>
            ) : (
              <div>
                <Typography.Paragraph data-testid="intake-history-count">
                  {t("intake.history.count", { count: history.data?.total ?? historyItems.length })}
                </Typography.Paragraph>
                <CaseRows items={historyItems} testId="intake-history-list" />
              </div>
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t("intake.history.hint")}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </>
  );
}
