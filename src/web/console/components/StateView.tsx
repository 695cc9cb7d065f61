/** Loading, error (with retry) and empty states around a query's data. */
import type { UseQueryResult } from "@tanstack/react-query";
import { Alert, Button, Empty, Spin } from "antd";
import type { ReactNode } from "react";
import { useErrorText } from "../../shared/i18n/names.js";
import { useI18n } from "../i18n/index.js";

export interface StateViewProps<T> {
  query: UseQueryResult<T>;
  /** True when the data holds nothing to show. */
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
  minHeight?: number;
}

/** A read that failed, in the person's language, with a retry. */
export function LoadError({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t("state.error")}
      description={errorText(error)}
      action={
        <Button size="small" onClick={retry}>
          {t("state.retry")}
        </Button>
      }
    />
  );
}

export function StateView<T>({ query, isEmpty, children, minHeight = 80 }: StateViewProps<T>) {
  const { t } = useI18n();
  if (query.error) return <LoadError error={query.error} retry={() => void query.refetch()} />;
  if (query.data === undefined) {
    return (
      <Spin spinning={query.isFetching} description={t("state.loading")}>
        <div style={{ minHeight }} />
      </Spin>
    );
  }
  if (isEmpty?.(query.data)) return <Empty description={t("state.empty")} />;
  return (
    <Spin spinning={query.isFetching} delay={300}>
      {children(query.data)}
    </Spin>
  );
}
