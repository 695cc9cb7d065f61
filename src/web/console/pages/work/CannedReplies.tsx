/**
 * 常用语 beside a respond or reply note: the canned replies of the person's units for the case's
 * category (GET /canned-replies); choosing one puts it in the note (after what is typed). "Keep as
 * canned reply" keeps the note's text for the unit that holds the case, for its category.
 */
import { Button, Flex, Select, Typography } from "antd";
import type { FormInstance } from "antd";
import { api } from "../../../shared/api.js";
import type { CannedReply, CannedReplyList } from "../../../shared/contracts.js";
import { useErrorText } from "../../../shared/i18n/names.js";
import { useGet, useWrite } from "../../../shared/query.js";
import { useI18n } from "../../i18n/index.js";
import { useState } from "react";

export function CannedReplies({
  action,
  field,
  form,
  categoryCode,
  unitId,
}: {
  action: "respond" | "reply";
  /** The form field the text goes into. */
  field: string;
  form: FormInstance;
  categoryCode: string | null;
  /** The unit that holds the case: where a new canned reply is kept (none: no keeping). */
  unitId: string | null;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const list = useGet<CannedReplyList>("/canned-replies", {
    action,
    ...(categoryCode ? { category: categoryCode } : {}),
  });
  const keep = useWrite(
    (text: string) =>
      api<CannedReply>("/canned-replies", {
        method: "POST",
        body: { orgId: unitId, action, categoryCode, text },
      }),
    ["/canned-replies"],
  );
  const items = list.data?.items ?? [];
  const [nothingTyped, setNothingTyped] = useState(false);
  const insert = (text: string) => {
    const typed = (form.getFieldValue(field) as string | undefined)?.trim();
    form.setFieldValue(field, typed ? `${typed}\n${text}` : text);
  };
  return (
    <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
      <Select<string>
        data-testid={`canned-${action}`}
        style={{ minWidth: 260, flex: 1 }}
        value={null}
        placeholder={items.length > 0 ? t("canned.pick") : t("canned.none")}
        disabled={items.length === 0}
        aria-label={t("canned.pick")}
        options={items.map((c) => ({ value: c.text, label: c.text }))}
        onChange={(text) => insert(text)}
      />
      {unitId && (
        <Button
          size="small"
          loading={keep.isPending}
          onClick={() => {
            const text = (form.getFieldValue(field) as string | undefined)?.trim();
            setNothingTyped(!text);
            if (text) keep.mutate(text);
          }}
        >
          {t("canned.keep")}
        </Button>
      )}
      {nothingTyped && (
        <Typography.Text type="warning" data-testid="canned-nothing-typed">
          {t("canned.keepEmpty")}
        </Typography.Text>
      )}
      {keep.isSuccess && !nothingTyped && (
        <Typography.Text type="success">{t("canned.kept")}</Typography.Text>
      )}
      {keep.error && <Typography.Text type="danger">{errorText(keep.error)}</Typography.Text>}
    </Flex>
  );
}
