/**
 * The register as workbooks: download the import template, export the area (numbers masked, or
 * in full for a role that may reveal them, with a reason — each person's read is recorded), and
 * import a filled workbook. An import is all or nothing: a rejected file's every problem is
 * listed by sheet, row and column with the server's reason, in the console's language.
 */
import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Flex, Input, Space, Table, Typography, Upload } from "antd";
import { useState } from "react";
import { api, ApiError } from "../../../shared/api.js";
import type { ImportProblem, RegisterImported } from "../../../shared/contracts.js";
import { useErrorText } from "../../../shared/i18n/names.js";
import { downloadFile } from "../../components/download.js";
import { useI18n } from "../../i18n/index.js";
import { useSession } from "../../session.js";

/** The problems of a rejected import, from the error's `details`. */
function problemsOf(err: unknown): { problems: ImportProblem[]; total: number } | null {
  if (!(err instanceof ApiError) || err.code !== "import_rejected") return null;
  const details = err.body.details as { problems?: ImportProblem[]; total?: number } | undefined;
  return details?.problems
    ? { problems: details.problems, total: details.total ?? details.problems.length }
    : null;
}

export function RegisterFiles({ onImported }: { onImported: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const session = useSession();
  const short = lang === "zh-CN" ? "zh" : "en";
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<RegisterImported | null>(null);
  const [rejected, setRejected] = useState<{ problems: ImportProblem[]; total: number } | null>(null);
  // A file refused as a whole (not a workbook, too large): said where the problems would be, and
  // kept until the next upload (a passing message is easily missed).
  const [failed, setFailed] = useState<{ file: string; error: unknown } | null>(null);

  const download = (path: string, query: Record<string, string>, fallback: string) =>
    void downloadFile(path, query, fallback).catch((err: unknown) => void message.error(errorText(err)));

  const upload = (file: File) => {
    const form = new FormData();
    form.append("file", file);
    setBusy(true);
    setImported(null);
    setRejected(null);
    setFailed(null);
    void api<RegisterImported>("/register/import", {
      method: "POST",
      body: form,
      headers: { "accept-language": short },
    })
      .then((r) => {
        setImported(r);
        onImported();
      })
      .catch((err: unknown) => {
        const found = problemsOf(err);
        if (found) setRejected(found);
        else setFailed({ file: file.name, error: err });
      })
      .finally(() => setBusy(false));
    // Handled here: antd's own upload is not used.
    return false;
  };

  const canManage = session.can("people.manage");
  const canReveal = session.can("people.reveal");
  return (
    <Card size="small" title={t("people.files.title")} data-testid="register-files">
      <Flex vertical gap={8}>
        <Space wrap>
          {canManage && (
            <Button
              icon={<DownloadOutlined />}
              onClick={() => download("/register/template", { lang: short }, "register-template.xlsx")}
            >
              {t("people.files.template")}
            </Button>
          )}
          <Button
            icon={<DownloadOutlined />}
            onClick={() => download("/register/export", { lang: short }, "register.xlsx")}
          >
            {t("people.files.export")}
          </Button>
          {canManage && (
            <Upload accept=".xlsx" showUploadList={false} beforeUpload={upload} disabled={busy}>
              <Button icon={<UploadOutlined />} loading={busy} data-testid="register-import">
                {t("people.files.import")}
              </Button>
            </Upload>
          )}
        </Space>
        {canReveal && (
          <Flex vertical gap={4}>
            <Space.Compact style={{ maxWidth: 520 }}>
              <Input
                placeholder={t("people.files.fullReason")}
                aria-label={t("people.files.fullReason")}
                value={reason}
                maxLength={200}
                onChange={(e) => setReason(e.target.value)}
              />
              <Button
                disabled={reason.trim() === ""}
                onClick={() =>
                  download("/register/export", { lang: short, full: "true", reason }, "register-full.xlsx")
                }
              >
                {t("people.files.exportFull")}
              </Button>
            </Space.Compact>
            <Typography.Text type="secondary">{t("people.files.fullHint")}</Typography.Text>
          </Flex>
        )}
        {canManage && <Typography.Text type="secondary">{t("people.files.importHint")}</Typography.Text>}
        {imported && (
          <Alert
            type="success"
            data-testid="register-imported"
            title={t("people.files.imported", {
              buildings: imported.buildings,
              dwellings: imported.dwellings,
              households: imported.households,
              persons: imported.persons,
            })}
          />
        )}
        {failed && (
          <Alert
            type="error"
            showIcon
            data-testid="register-failed"
            title={t("people.files.failed", { file: failed.file })}
            description={errorText(failed.error)}
          />
        )}
        {rejected && (
          <Flex vertical gap={8} data-testid="register-rejected">
            <Alert type="error" title={t("people.files.rejected", { total: rejected.total })} />
            <Table<ImportProblem>
              size="small"
              rowKey={(p) => `${p.sheet ?? ""}:${p.row ?? ""}:${p.column ?? ""}:${p.reason}`}
              dataSource={rejected.problems}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: t("people.files.sheet"), key: "sheet", render: (_: unknown, p) => p.sheet ?? "—" },
                { title: t("people.files.row"), key: "row", render: (_: unknown, p) => p.row ?? "—" },
                {
                  title: t("people.files.column"),
                  key: "column",
                  render: (_: unknown, p) => p.column ?? "—",
                },
                { title: t("people.files.reason"), dataIndex: "message", key: "message" },
              ]}
            />
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
