/**
 * Grids: the list of the grids in scope, their GeoJSON export, and an import that previews the
 * file's features on a map and has the server check it (a dry run: villages in scope, codes,
 * overlaps) before anything is applied. A bad file shows each problem at its feature: the
 * feature turns red on the map and the problem list names it.
 */
import { UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Flex, Popconfirm, Row, Segmented, Table, Upload } from "antd";
import { useMemo, useState } from "react";
import { ApiError, api } from "../../../shared/api.js";
import type { GridImportAnswer, GridItem } from "../../../shared/contracts.js";
import { useErrorText } from "../../../shared/i18n/names.js";
import { useWrite } from "../../../shared/query.js";
import { downloadFile } from "../../components/download.js";
import { GridMap, type MapFeature } from "../../components/GridMap.js";
import { ResourcePage } from "../../components/ResourcePage.js";
import { ToneTag } from "../../components/ToneTag.js";
import { useI18n } from "../../i18n/index.js";

/** A feature of the chosen file, as far as it can be drawn (the file is not checked yet). */
interface FileFeature {
  index: number;
  name: string;
  code: string | null;
  villageCode: string;
  geometry: { type: string; coordinates: unknown } | null;
}
/** One problem the server found, at its feature when it names one (`features[3].geometry`). */
interface Problem {
  index: number | null;
  field: string;
  message: string;
}
type Check = Pick<GridImportAnswer, "created" | "updated" | "deleted">;
type ImportMode = "merge" | "replace";

/** The features of a parsed file, as far as they can be drawn. */
function featuresOf(doc: unknown): FileFeature[] {
  const features = (doc as { features?: unknown })?.features;
  if (!Array.isArray(features)) return [];
  return features.map((f: unknown, index) => {
    const feature = (f ?? {}) as {
      geometry?: { type?: unknown; coordinates?: unknown };
      properties?: Record<string, unknown>;
    };
    const g = feature.geometry;
    const drawable = g && (g.type === "Polygon" || g.type === "MultiPolygon") && Array.isArray(g.coordinates);
    return {
      index,
      name: String(feature.properties?.name ?? ""),
      code: typeof feature.properties?.code === "string" ? feature.properties.code : null,
      villageCode: String(feature.properties?.villageCode ?? ""),
      geometry: drawable ? { type: g.type as string, coordinates: g.coordinates } : null,
    };
  });
}

function problemsOf(err: ApiError, text: string): Problem[] {
  const details = err.details.length > 0 ? err.details : [{ field: "body", message: text }];
  return details.map((d) => {
    const match = /^features\[(\d+)\]/.exec(String(d.field ?? ""));
    return { index: match ? Number(match[1]) : null, field: String(d.field ?? ""), message: d.message };
  });
}

function ImportPanel() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [fileName, setFileName] = useState<string>();
  const [doc, setDoc] = useState<unknown>();
  const [parseError, setParseError] = useState<string>();
  const [mode, setMode] = useState<ImportMode>("merge");
  const [check, setCheck] = useState<Check>();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState<"check" | "apply" | null>(null);
  const importFile = (dryRun: boolean) =>
    api<GridImportAnswer>("/grids/import", {
      method: "POST",
      query: { mode, dryRun: dryRun ? "true" : undefined },
      body: doc,
    });
  // A check writes nothing; an applied import changes the list of grids.
  const apply = useWrite(() => importFile(false), ["/grids"]);
  const [focus, setFocus] = useState<string | null>(null);

  const features = useMemo(() => featuresOf(doc), [doc]);
  const bad = useMemo(
    () => new Set(problems.map((p) => p.index).filter((i): i is number => i !== null)),
    [problems],
  );
  const mapFeatures: MapFeature[] = useMemo(
    () =>
      features
        .filter((f) => f.geometry)
        .map((f) => ({
          id: String(f.index),
          geometry: f.geometry as MapFeature["geometry"],
          fill: bad.has(f.index) ? "#ff4d4f" : check ? "#52c41a" : "#4a90d9",
          stroke: bad.has(f.index) ? "#a8071a" : "#1f4e79",
          emphasis: bad.has(f.index),
          tooltip: `#${f.index} ${f.name}${f.code ? ` (${f.code})` : ""}`,
        })),
    [features, bad, check],
  );

  const read = async (file: File) => {
    setFileName(file.name);
    setCheck(undefined);
    setProblems([]);
    setParseError(undefined);
    setDoc(undefined);
    try {
      setDoc(JSON.parse(await file.text()) as unknown);
    } catch (err) {
      setParseError(t("admin.grids.notJson", { error: (err as Error).message }));
    }
    return false;
  };

  const run = async (dryRun: boolean) => {
    setBusy(dryRun ? "check" : "apply");
    try {
      const result = dryRun ? await importFile(true) : await apply.mutateAsync(undefined);
      if (result.valid === false && result.error) {
        // A check of a file the import would refuse: its problems, each at its feature.
        const refusal = new ApiError(400, result.error.code, result.error.message, result.error.details);
        setCheck(undefined);
        setProblems(problemsOf(refusal, errorText(refusal)));
        return;
      }
      setProblems([]);
      if (dryRun) setCheck(result);
      else {
        void message.success(
          t("admin.grids.applied", {
            created: result.created,
            updated: result.updated,
            deleted: result.deleted,
          }),
        );
        setDoc(undefined);
        setFileName(undefined);
        setCheck(undefined);
      }
    } catch (err) {
      setCheck(undefined);
      if (err instanceof ApiError) setProblems(problemsOf(err, errorText(err)));
      else setProblems([{ index: null, field: "", message: errorText(err) }]);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" title={t("admin.grids.import")} data-testid="grid-import">
      <Flex vertical gap={12}>
        <Flex wrap gap={12} align="center">
          <Upload
            accept=".geojson,.json,application/geo+json,application/json"
            maxCount={1}
            showUploadList={false}
            beforeUpload={read}
          >
            <Button icon={<UploadOutlined />}>{t("admin.grids.chooseFile")}</Button>
          </Upload>
          <span data-testid="grid-import-file">{fileName ?? t("admin.grids.noFile")}</span>
          <span id="grid-import-mode">{t("admin.grids.mode")}</span>
          <Segmented
            aria-labelledby="grid-import-mode"
            value={mode}
            onChange={(v) => {
              setMode(v as ImportMode);
              setCheck(undefined);
            }}
            options={[
              { value: "merge", label: t("admin.grids.mode.merge") },
              { value: "replace", label: t("admin.grids.mode.replace") },
            ]}
          />
          <Button
            onClick={() => void run(true)}
            disabled={doc === undefined}
            loading={busy === "check"}
            data-testid="grid-import-check"
          >
            {t("admin.grids.check")}
          </Button>
          <Popconfirm
            title={t("admin.grids.applyConfirm")}
            onConfirm={() => void run(false)}
            disabled={!check}
          >
            <Button
              type="primary"
              disabled={!check}
              loading={busy === "apply"}
              data-testid="grid-import-apply"
            >
              {t("admin.grids.apply")}
            </Button>
          </Popconfirm>
        </Flex>
        {parseError && <Alert type="error" showIcon role="alert" title={parseError} />}
        {check && (
          <Alert
            type="success"
            showIcon
            data-testid="grid-import-ok"
            title={t("admin.grids.checked", { ...check })}
          />
        )}
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="grid-import-problems"
            title={t("admin.grids.rejected", { n: problems.length })}
            description={
              <Table<Problem>
                size="small"
                rowKey={(p) => `${p.field}-${p.message}`}
                dataSource={problems}
                pagination={problems.length > 10 ? { pageSize: 10, size: "small" } : false}
                onRow={(p) => ({ onClick: () => p.index !== null && setFocus(String(p.index)) })}
                columns={[
                  {
                    title: t("admin.grids.feature"),
                    key: "feature",
                    render: (_: unknown, p) =>
                      p.index === null ? (
                        "—"
                      ) : (
                        <ToneTag tone="bad" testId={`problem-feature-${p.index}`}>
                          #{p.index} {features[p.index]?.name}
                        </ToneTag>
                      ),
                  },
                  { title: t("admin.grids.field"), dataIndex: "field", key: "field" },
                  { title: t("admin.grids.message"), dataIndex: "message", key: "message" },
                ]}
              />
            }
          />
        )}
        {doc !== undefined && (
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={14}>
              <GridMap
                testId="grid-import-map"
                label={t("admin.grids.preview")}
                height={380}
                features={mapFeatures}
                focus={focus}
                onPick={setFocus}
              />
            </Col>
            <Col xs={24} lg={10}>
              <Table<FileFeature>
                data-testid="grid-import-features"
                size="small"
                rowKey="index"
                dataSource={features}
                pagination={
                  features.length > 8 ? { pageSize: 8, size: "small", showSizeChanger: false } : false
                }
                rowClassName={(f) => (bad.has(f.index) ? "mg-bad-feature" : "")}
                onRow={(f) => ({ onClick: () => setFocus(String(f.index)) })}
                columns={[
                  { title: "#", dataIndex: "index", key: "index", width: 48 },
                  { title: t("admin.grids.name"), dataIndex: "name", key: "name" },
                  { title: t("admin.grids.village"), dataIndex: "villageCode", key: "villageCode" },
                  {
                    title: t("admin.grids.state"),
                    key: "state",
                    render: (_: unknown, f) =>
                      bad.has(f.index) ? (
                        <ToneTag tone="bad">{t("admin.grids.state.bad")}</ToneTag>
                      ) : check ? (
                        <ToneTag tone="ok">{t("admin.grids.state.ok")}</ToneTag>
                      ) : !f.geometry ? (
                        <ToneTag tone="neutral">{t("admin.grids.state.noShape")}</ToneTag>
                      ) : null,
                  },
                ]}
              />
            </Col>
          </Row>
        )}
      </Flex>
    </Card>
  );
}

export default function GridsAdmin() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { message } = App.useApp();
  return (
    <ResourcePage<GridItem>
      title="admin.grids.title"
      listTitle="admin.grids.list"
      path="/grids"
      rowKey={(g) => g.code}
      filters={[{ kind: "search", name: "region", label: "admin.grids.region" }]}
      extra={(filters) => (
        <Button
          onClick={() =>
            void downloadFile("/grids/export", { region: filters.region }, "grids.geojson").catch(
              (err: unknown) => message.error(errorText(err)),
            )
          }
        >
          {t("admin.grids.export")}
        </Button>
      )}
      columns={[
        { title: t("admin.grids.code"), dataIndex: "code", key: "code" },
        { title: t("admin.grids.name"), dataIndex: "name", key: "name" },
        { title: t("admin.grids.village"), dataIndex: "villageName", key: "villageName" },
        { title: t("admin.grids.township"), dataIndex: "townshipName", key: "townshipName" },
      ]}
      remove={{ run: (g) => api(`/grids/${g.code}`, { method: "DELETE" }), confirm: (g) => g.name }}
    >
      <ImportPanel />
    </ResourcePage>
  );
}
