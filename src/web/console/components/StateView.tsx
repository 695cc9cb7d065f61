/** Loading, error (with retry) and empty states around a piece of data. */
import { Alert, Button, Empty, Spin } from "antd";
import type { ReactNode } from "react";
import type { ApiError } from "../../shared/api.js";
import { useI18n } from "../i18n/index.js";

export interface StateViewProps<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload?: () => void;
  /** True when the data holds nothing to show. */
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
  minHeight?: number;
}

export function StateView<T>({
  data,
  error,
  loading,
  reload,
  isEmpty,
  children,
  minHeight = 80,
}: StateViewProps<T>) {
  const { t } = useI18n();
  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t("state.error")}
        description={error.message}
        action={
          reload && (
            <Button size="small" onClick={reload}>
              {t("state.retry")}
            </Button>
          )
        }
      />
    );
  }
  if (data === undefined) {
    return (
      <Spin spinning={loading} description={t("state.loading")}>
        <div style={{ minHeight }} />
      </Spin>
    );
  }
  if (isEmpty?.(data)) return <Empty description={t("state.empty")} />;
  return (
    <Spin spinning={loading} delay={300}>
      {children(data)}
    </Spin>
  );
}
