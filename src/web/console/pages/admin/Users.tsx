/** Accounts: search, create with a first role, grant and revoke roles (each bound to a scope), reset password, disable. */
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Switch,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { ApiError, api } from "../../../shared/api.js";
import { applyFieldErrors } from "../../components/formErrors.js";
import { useApi } from "../../components/useApi.js";
import { useI18n } from "../../i18n/index.js";

interface Binding {
  id: string;
  role: string;
  scope: { kind: string; code: string; name: string };
}
interface User {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  roles: Binding[];
  canManage: boolean;
}
const ROLES = [
  "operator",
  "grid_worker",
  "grid_assistant",
  "village_staff",
  "township_dispatcher",
  "department_handler",
  "supervisor",
  "admin",
  "resident",
  "partner",
];

/** The role grant as the API takes it: a region code, or a department (organisation id). */
function grantOf(v: { role: string; scopeKind: string; regionCode?: string; departmentId?: string }) {
  return v.scopeKind === "department"
    ? { role: v.role, departmentId: v.departmentId }
    : { role: v.role, regionCode: v.regionCode };
}

function ScopeFields({ prefix = [] as (string | number)[] }) {
  const { t } = useI18n();
  const departments = useApi<{ items: { id: string; name: string }[] }>("/organisations", {
    kind: "department",
    pageSize: 200,
  });
  return (
    <>
      <Form.Item name={[...prefix, "scopeKind"]} label={t("admin.users.scopeKind")} initialValue="region">
        <Select
          options={[
            { value: "region", label: t("admin.users.scope.region") },
            { value: "department", label: t("admin.users.scope.department") },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate>
        {(form) =>
          form.getFieldValue([...prefix, "scopeKind"]) === "department" ? (
            <Form.Item
              name={[...prefix, "departmentId"]}
              label={t("admin.users.scope.department")}
              rules={[{ required: true }]}
            >
              <Select
                showSearch={{ optionFilterProp: "label" }}
                options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
          ) : (
            <Form.Item
              name={[...prefix, "regionCode"]}
              label={t("admin.orgs.regionCode")}
              rules={[{ required: true }]}
            >
              <Input inputMode="numeric" />
            </Form.Item>
          )
        }
      </Form.Item>
    </>
  );
}

export default function Users() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<{ q?: string; role?: string }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const list = useApi<{ items: User[]; total: number }>("/users", { ...filters, ...page });
  const [creating, setCreating] = useState(false);
  const [rolesOf, setRolesOf] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [form] = Form.useForm();
  const [roleForm] = Form.useForm();
  const [passwordForm] = Form.useForm();
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const fail = (f: ReturnType<typeof Form.useForm>[0], err: unknown) => {
    if (!applyFieldErrors(f, err)) setFormError(err instanceof ApiError ? err.message : String(err));
  };
  const create = async () => {
    const v = (await form.validateFields()) as Record<string, string>;
    setBusy(true);
    setFormError(undefined);
    try {
      await api("/users", {
        method: "POST",
        body: {
          username: v.username,
          displayName: v.displayName,
          ...(v.phone ? { phone: v.phone } : {}),
          password: v.password,
          roles: [
            grantOf({
              role: v.role ?? "",
              scopeKind: v.scopeKind ?? "region",
              regionCode: v.regionCode,
              departmentId: v.departmentId,
            }),
          ],
        },
      });
      void message.success(t("admin.saved"));
      setCreating(false);
      list.reload();
    } catch (err) {
      // The first role's errors come as body.roles.0.regionCode: show them at the role fields.
      if (err instanceof ApiError) {
        for (const d of err.details)
          if (typeof d.field === "string") d.field = d.field.replace(/^body\.roles\.0\./, "body.");
      }
      fail(form, err);
    } finally {
      setBusy(false);
    }
  };
  const refreshUser = async (id: string) => {
    const user = await api<User>(`/users/${id}`);
    setRolesOf(user);
    list.reload();
  };
  const grant = async () => {
    if (!rolesOf) return;
    const v = (await roleForm.validateFields()) as {
      role: string;
      scopeKind: string;
      regionCode?: string;
      departmentId?: string;
    };
    setFormError(undefined);
    try {
      await api(`/users/${rolesOf.id}/roles`, { method: "POST", body: grantOf(v) });
      roleForm.resetFields();
      await refreshUser(rolesOf.id);
    } catch (err) {
      fail(roleForm, err);
    }
  };
  const revoke = async (binding: Binding) => {
    if (!rolesOf) return;
    try {
      await api(`/users/${rolesOf.id}/roles/${binding.id}`, { method: "DELETE" });
      await refreshUser(rolesOf.id);
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  const resetPassword = async () => {
    if (!resetting) return;
    const v = (await passwordForm.validateFields()) as { password: string };
    setBusy(true);
    setFormError(undefined);
    try {
      await api(`/users/${resetting.id}/password`, { method: "POST", body: { password: v.password } });
      void message.success(t("admin.users.passwordReset"));
      setResetting(null);
    } catch (err) {
      fail(passwordForm, err);
    } finally {
      setBusy(false);
    }
  };
  const setDisabled = async (user: User, disabled: boolean) => {
    try {
      await api(`/users/${user.id}`, { method: "PATCH", body: { disabled } });
      list.reload();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t("admin.users.title")}
      </Typography.Title>
      <Card
        size="small"
        title={
          <Flex gap={8} wrap>
            <Input.Search
              aria-label={t("admin.search")}
              placeholder={t("admin.users.search")}
              allowClear
              onSearch={(q) => {
                setFilters((f) => ({ ...f, q: q.trim() || undefined }));
                setPage((p) => ({ ...p, page: 1 }));
              }}
              style={{ width: 220 }}
            />
            <Select
              aria-label={t("admin.users.role")}
              allowClear
              placeholder={t("admin.users.role")}
              options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              onChange={(role?: string) => {
                setFilters((f) => ({ ...f, role }));
                setPage((p) => ({ ...p, page: 1 }));
              }}
              style={{ width: 200 }}
            />
          </Flex>
        }
        extra={
          <Button
            type="primary"
            onClick={() => {
              form.resetFields();
              setFormError(undefined);
              setCreating(true);
            }}
          >
            {t("admin.create")}
          </Button>
        }
      >
        {list.error ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t("state.error")}
            description={list.error.message}
          />
        ) : (
          <Table<User>
            size="small"
            rowKey="id"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t("state.empty") }}
            scroll={{ x: true }}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              total: list.data?.total ?? 0,
              onChange: (p, s) => setPage({ page: p, pageSize: s }),
            }}
            columns={[
              { title: t("admin.users.username"), dataIndex: "username", key: "username" },
              { title: t("admin.users.displayName"), dataIndex: "displayName", key: "displayName" },
              {
                title: t("admin.users.phone"),
                dataIndex: "phone",
                key: "phone",
                render: (p: string | null) => p ?? "—",
              },
              {
                title: t("admin.users.roles"),
                key: "roles",
                render: (_: unknown, u) =>
                  u.roles.map((r) => (
                    <Tag key={r.id}>
                      {t(`role.${r.role}`)} · {r.scope.name}
                    </Tag>
                  )),
              },
              {
                title: t("admin.users.enabled"),
                key: "enabled",
                render: (_: unknown, u) => (
                  <Switch
                    aria-label={t("admin.users.enabledOf", { name: u.username })}
                    checked={!u.disabled}
                    disabled={!u.canManage}
                    onChange={(on) => void setDisabled(u, !on)}
                  />
                ),
              },
              {
                title: t("admin.actions"),
                key: "actions",
                render: (_: unknown, u) =>
                  u.canManage && (
                    <Flex gap={8}>
                      <Button
                        size="small"
                        onClick={() => {
                          roleForm.resetFields();
                          setFormError(undefined);
                          setRolesOf(u);
                        }}
                      >
                        {t("admin.users.manageRoles")}
                      </Button>
                      <Button
                        size="small"
                        onClick={() => {
                          passwordForm.resetFields();
                          setFormError(undefined);
                          setResetting(u);
                        }}
                      >
                        {t("admin.users.resetPassword")}
                      </Button>
                    </Flex>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <Modal
        open={creating}
        title={t("admin.users.create")}
        onCancel={() => setCreating(false)}
        onOk={() => void create()}
        confirmLoading={busy}
        okText={t("admin.create")}
        forceRender
      >
        {formError && (
          <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 12 }} />
        )}
        <Form form={form} layout="vertical" name="user">
          <Form.Item name="username" label={t("admin.users.username")} rules={[{ required: true }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t("admin.users.displayName")} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="phone" label={t("admin.users.phone")}>
            <Input inputMode="tel" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t("admin.users.password")}
            rules={[{ required: true }]}
            extra={t("admin.users.passwordRule")}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="role" label={t("admin.users.role")} rules={[{ required: true }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
          <ScopeFields />
        </Form>
      </Modal>
      <Drawer
        open={rolesOf !== null}
        title={t("admin.users.rolesOf", { name: rolesOf?.displayName ?? "" })}
        onClose={() => setRolesOf(null)}
        size={480}
      >
        <Flex vertical gap={12}>
          {rolesOf?.roles.map((r) => (
            <Flex key={r.id} justify="space-between" align="center">
              <span>
                {t(`role.${r.role}`)} · {r.scope.name} <code>{r.scope.code}</code>
              </span>
              <Popconfirm title={t("admin.users.revokeConfirm")} onConfirm={() => void revoke(r)}>
                <Button size="small" danger>
                  {t("admin.users.revoke")}
                </Button>
              </Popconfirm>
            </Flex>
          ))}
          <Card size="small" title={t("admin.users.grant")}>
            {formError && (
              <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 12 }} />
            )}
            <Form form={roleForm} layout="vertical" name="grant" onFinish={() => void grant()}>
              <Form.Item name="role" label={t("admin.users.role")} rules={[{ required: true }]}>
                <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
              </Form.Item>
              <ScopeFields />
              <Button type="primary" htmlType="submit">
                {t("admin.users.grant")}
              </Button>
            </Form>
          </Card>
        </Flex>
      </Drawer>
      <Modal
        open={resetting !== null}
        title={t("admin.users.resetPasswordOf", { name: resetting?.username ?? "" })}
        onCancel={() => setResetting(null)}
        onOk={() => void resetPassword()}
        confirmLoading={busy}
        okText={t("admin.save")}
        forceRender
      >
        {formError && (
          <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 12 }} />
        )}
        <Form form={passwordForm} layout="vertical" name="password">
          <Form.Item
            name="password"
            label={t("admin.users.newPassword")}
            rules={[{ required: true }]}
            extra={t("admin.users.passwordRule")}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
