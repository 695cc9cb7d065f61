/** Accounts: search, create with a first role, grant and revoke roles (each bound to a scope), reset password, disable. */
import { App, Button, Card, Drawer, Flex, Form, Input, Popconfirm, Select, Switch, Tag } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api.js";
import type {
  CreateUserBody,
  OrganisationList,
  RoleBinding,
  RoleGrant,
  UserView,
} from "../../../shared/contracts.js";
import { codesOf } from "../../../shared/i18n/domain.js";
import { useErrorText, useNames } from "../../../shared/i18n/names.js";
import { useGet, useWrite } from "../../../shared/query.js";
import { FormDialog, type FormValues } from "../../components/FormDialog.js";
import { ResourcePage } from "../../components/ResourcePage.js";
import { useI18n } from "../../i18n/index.js";

/** The role grant as the API takes it: a region code, or a department (organisation id). */
function grantOf(v: FormValues): RoleGrant {
  const role = v.role as RoleGrant["role"];
  return v.scopeKind === "department"
    ? { role, departmentId: v.departmentId as string }
    : { role, regionCode: v.regionCode as string };
}

function useRoleOptions() {
  const name = useNames();
  return codesOf("role").map((r) => ({ value: r, label: name("role", r) }));
}

function ScopeFields() {
  const { t } = useI18n();
  const departments = useGet<OrganisationList>("/organisations", { kind: "department", pageSize: 200 });
  return (
    <>
      <Form.Item name="scopeKind" label={t("admin.users.scopeKind")} initialValue="region">
        <Select
          options={[
            { value: "region", label: t("admin.users.scope.region") },
            { value: "department", label: t("admin.users.scope.department") },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.scopeKind !== b.scopeKind}>
        {(form) =>
          form.getFieldValue("scopeKind") === "department" ? (
            <Form.Item
              name="departmentId"
              label={t("admin.users.scope.department")}
              rules={[{ required: true }]}
            >
              <Select
                showSearch={{ optionFilterProp: "label" }}
                options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
          ) : (
            <Form.Item name="regionCode" label={t("admin.orgs.regionCode")} rules={[{ required: true }]}>
              <Input inputMode="numeric" />
            </Form.Item>
          )
        }
      </Form.Item>
    </>
  );
}

/** A person's roles: each with its scope, revocable; and a form to grant one more. */
function RolesDrawer({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const { t } = useI18n();
  const name = useNames();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const roles = useRoleOptions();
  // The open drawer follows the account as the server holds it after each grant or revoke.
  const fresh = useGet<UserView>(user ? `/users/${user.id}` : null);
  const shown = fresh.data ?? user;
  const [granting, setGranting] = useState(false);
  const revoke = useWrite(
    (binding: RoleBinding) => api(`/users/${user?.id ?? ""}/roles/${binding.id}`, { method: "DELETE" }),
    ["/users"],
  );
  return (
    <Drawer
      open={user !== null}
      title={t("admin.users.rolesOf", { name: shown?.displayName ?? "" })}
      onClose={onClose}
      size={480}
    >
      <Flex vertical gap={12}>
        {shown?.roles.map((r) => (
          <Flex key={r.id} justify="space-between" align="center">
            <span>
              {name("role", r.role)} · {r.scope.name} <code>{r.scope.code}</code>
            </span>
            <Popconfirm
              title={t("admin.users.revokeConfirm")}
              onConfirm={() => revoke.mutate(r, { onError: (err) => void message.error(errorText(err)) })}
            >
              <Button size="small" danger>
                {t("admin.users.revoke")}
              </Button>
            </Popconfirm>
          </Flex>
        ))}
        <Card size="small">
          <Button type="primary" onClick={() => setGranting(true)} data-testid="grant-role">
            {t("admin.users.grant")}
          </Button>
        </Card>
      </Flex>
      <FormDialog
        open={granting}
        title={t("admin.users.grant")}
        name="grant"
        okText={t("admin.users.grant")}
        submit={(v) => api(`/users/${user?.id ?? ""}/roles`, { method: "POST", body: grantOf(v) })}
        invalidates={["/users"]}
        onCancel={() => setGranting(false)}
        onDone={() => setGranting(false)}
      >
        <Form.Item name="role" label={t("admin.users.role")} rules={[{ required: true }]}>
          <Select options={roles} />
        </Form.Item>
        <ScopeFields />
      </FormDialog>
    </Drawer>
  );
}

export default function Users() {
  const { t } = useI18n();
  const name = useNames();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const roles = useRoleOptions();
  const [rolesOf, setRolesOf] = useState<UserView | null>(null);
  const [resetting, setResetting] = useState<UserView | null>(null);
  const setDisabled = useWrite(
    ({ user, disabled }: { user: UserView; disabled: boolean }) =>
      api(`/users/${user.id}`, { method: "PATCH", body: { disabled } }),
    ["/users"],
  );

  return (
    <>
      <ResourcePage<UserView>
        title="admin.users.title"
        path="/users"
        rowKey={(u) => u.id}
        filters={[
          { kind: "search", name: "q", label: "admin.search", placeholder: "admin.users.search" },
          { kind: "select", name: "role", label: "admin.users.role", options: roles, width: 200 },
        ]}
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
                  {name("role", r.role)} · {r.scope.name}
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
                onChange={(on) =>
                  setDisabled.mutate(
                    { user: u, disabled: !on },
                    { onError: (err) => void message.error(errorText(err)) },
                  )
                }
              />
            ),
          },
        ]}
        rowActions={(u) =>
          u.canManage && (
            <>
              <Button size="small" onClick={() => setRolesOf(u)}>
                {t("admin.users.manageRoles")}
              </Button>
              <Button size="small" onClick={() => setResetting(u)}>
                {t("admin.users.resetPassword")}
              </Button>
            </>
          )
        }
        form={{
          name: "user",
          createTitle: "admin.users.create",
          initial: () => ({ scopeKind: "region" }),
          create: (v) => {
            const body: CreateUserBody = {
              username: String(v.username),
              displayName: String(v.displayName),
              ...(v.phone ? { phone: String(v.phone) } : {}),
              password: String(v.password),
              roles: [grantOf(v)],
            };
            return api("/users", { method: "POST", body });
          },
          // The first role's errors come as body.roles.0.regionCode: shown at the role fields.
          fieldOf: (field) => field.replace(/^body\.roles\.0\./, "body."),
          fields: () => (
            <>
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
                <Select options={roles} />
              </Form.Item>
              <ScopeFields />
            </>
          ),
        }}
      />
      <RolesDrawer user={rolesOf} onClose={() => setRolesOf(null)} />
      <FormDialog
        open={resetting !== null}
        title={t("admin.users.resetPasswordOf", { name: resetting?.username ?? "" })}
        name="password"
        submit={(v) =>
          api(`/users/${resetting?.id ?? ""}/password`, { method: "POST", body: { password: v.password } })
        }
        invalidates={[]}
        onCancel={() => setResetting(null)}
        onDone={() => {
          setResetting(null);
          void message.success(t("admin.users.passwordReset"));
        }}
      >
        <Form.Item
          name="password"
          label={t("admin.users.newPassword")}
          rules={[{ required: true }]}
          extra={t("admin.users.passwordRule")}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </FormDialog>
    </>
  );
}
