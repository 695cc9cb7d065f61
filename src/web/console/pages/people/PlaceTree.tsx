/**
 * The place tree of the register (人房关联): building → unit → dwelling → household → members,
 * opened one level at a time, for a grid worker or a village clerk who knows the place by its
 * buildings. Beside it, the chosen dwelling: whether it is rented, the landlord, the tenants with
 * their move-in and move-out days, and (for whoever may enter the register) registering a rental,
 * a tenant's move-in, a move-out and the end of a rental. Names, not codes; the server decides
 * scope and masks, the buttons are offered only to those it would let write.
 */
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Table,
  Tree,
  Typography,
} from "antd";
import type { TreeDataNode } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import dayjs, { type Dayjs } from "dayjs";
import { useCallback, useEffect, useMemo, useState, type Key } from "react";
import { api } from "../../../shared/api.js";
import type {
  BuildingDetail,
  BuildingPage,
  HouseholdList,
  PersonPage,
  Rental,
  RentalPage,
} from "../../../shared/contracts.js";
import { useErrorText } from "../../../shared/i18n/names.js";
import { usePunctuation } from "../../../shared/i18n/punctuation.js";
import { randomKey } from "../../../shared/idempotency-key.js";
import { keyOf, useGet } from "../../../shared/query.js";
import { useI18n, type ConsoleKey } from "../../i18n/index.js";
import { distinguishers } from "./building-names.js";
import { useSession } from "../../session.js";

type Dwelling = BuildingDetail["dwellingList"][number];
type Household = HouseholdList["items"][number];

/** The words of a dwelling's use (自住 / 出租 / 空置 / 商用). */
const USE_WORDS = {
  owner_occupied: "places.use.owner_occupied",
  rented: "places.use.rented",
  vacant: "places.use.vacant",
  commercial: "places.use.commercial",
} as const satisfies Record<Dwelling["use"], ConsoleKey>;
const HOUSEHOLD_TYPE_WORDS = {
  registered: "people.householdType.registered",
  floating: "people.householdType.floating",
  other: "people.householdType.other",
} as const satisfies Record<Household["type"], ConsoleKey>;
const RELATION_WORDS = {
  head: "people.relation.head",
  spouse: "people.relation.spouse",
  child: "people.relation.child",
  parent: "people.relation.parent",
  grandparent: "people.relation.grandparent",
  grandchild: "people.relation.grandchild",
  sibling: "people.relation.sibling",
  child_in_law: "people.relation.child_in_law",
  other: "people.relation.other",
} as const satisfies Record<Household["members"][number]["relation"], ConsoleKey>;

const BUILDING_PAGE = 200;

/** What a node of the tree stands for. */
type NodeRef =
  | { kind: "building"; id: string }
  | { kind: "dwelling"; dwelling: Dwelling }
  | { kind: "unit-name"; name: string }
  | { kind: "household"; household: Household }
  | { kind: "member"; personId: string; name: string; relation: Household["members"][number]["relation"] }
  | { kind: "empty" }
  | { kind: "none" };

function useWords() {
  const { t } = useI18n();
  return useMemo(
    () => ({
      dwelling: (d: Dwelling) =>
        t("places.dwelling", {
          room: d.room,
          use: t(USE_WORDS[d.use]),
          households: d.households,
        }),
      household: (h: Household) => {
        const head = h.members.find((m) => m.relation === "head");
        const type = t(HOUSEHOLD_TYPE_WORDS[h.type]);
        return head
          ? t("places.household", { type, head: head.person.name, members: h.members.length })
          : t("places.householdNoHead", { type, members: h.members.length });
      },
    }),
    [t],
  );
}

/** Today as the server counts it (China), for the date pickers' limit and default. */
function today(): Dayjs {
  return dayjs(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
}

/** A dated move in a dialog: the day (not after today, not before `notBefore`), and a person when asked. */
function MoveDialog(props: {
  open: boolean;
  title: string;
  dateLabel: ConsoleKey;
  /** The placeholder of the person search; absent: no person asked. */
  personSearch?: ConsoleKey;
  notBefore?: string;
  hint?: ConsoleKey;
  /** People the search does not offer (a rental's tenants living there now). */
  exclude?: readonly string[];
  onSubmit: (day: string, personId: string | null) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [day, setDay] = useState<Dayjs | null>(today());
  const [personId, setPersonId] = useState<string | null>(null);
  const [found, setFound] = useState<{ value: string; label: string }[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (props.open) {
      setDay(today());
      setPersonId(null);
      setFound([]);
    }
  }, [props.open]);
  const search = (text: string) => {
    const name = text.trim();
    if (name === "") return;
    void api<PersonPage>("/persons", { query: { name, pageSize: 20 } })
      .then((page) =>
        setFound(
          page.items
            .filter((p) => !(props.exclude ?? []).includes(p.id))
            .map((p) => ({
              value: p.id,
              label: `${p.name} · ${p.address ?? p.region.name}${p.phone ? ` · ${p.phone}` : ""}`,
            })),
        ),
      )
      .catch((err: unknown) => void message.error(errorText(err)));
  };
  const ready = day !== null && (!props.personSearch || personId !== null);
  const submit = () => {
    if (!day || !ready) return;
    setBusy(true);
    props
      .onSubmit(day.format("YYYY-MM-DD"), personId)
      .then(() => {
        void message.success(t("places.saved"));
        props.onClose();
      })
      .catch((err: unknown) => void message.error(errorText(err)))
      .finally(() => setBusy(false));
  };
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={t("places.save")}
      cancelText={t("places.cancel")}
      okButtonProps={{ disabled: !ready, loading: busy }}
      onOk={submit}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form layout="vertical">
        {props.personSearch && (
          <Form.Item label={t("places.person")} required>
            <Select
              showSearch
              aria-label={t("places.person")}
              aria-required="true"
              placeholder={t(props.personSearch)}
              filterOption={false}
              onSearch={search}
              options={found}
              value={personId ?? undefined}
              onChange={(v: string) => setPersonId(v)}
              notFoundContent={null}
              size="large"
            />
          </Form.Item>
        )}
        <Form.Item label={t(props.dateLabel)} required>
          <DatePicker
            aria-label={t(props.dateLabel)}
            aria-required="true"
            value={day}
            onChange={setDay}
            size="large"
            disabledDate={(d) =>
              d.isAfter(today(), "day") ||
              (props.notBefore ? d.isBefore(dayjs(props.notBefore), "day") : false)
            }
          />
        </Form.Item>
        {props.hint && <Typography.Text type="secondary">{t(props.hint)}</Typography.Text>}
      </Form>
    </Modal>
  );
}

type Dialog =
  | { kind: "register" }
  | { kind: "moveIn"; rental: Rental }
  | { kind: "moveOut"; rental: Rental; tenantId: string; name: string; movedInOn: string }
  | { kind: "end"; rental: Rental };

/** The chosen dwelling: its use, its rental now (landlord, tenants) and earlier rentals. */
function DwellingPanel({
  dwelling,
  onChanged,
  onOpenPerson,
}: {
  dwelling: Dwelling;
  onChanged: () => void;
  onOpenPerson: (id: string) => void;
}) {
  const { t } = useI18n();
  const { labelled, list } = usePunctuation();
  const client = useQueryClient();
  const canManage = useSession().can("people.manage");
  const rentals = useGet<RentalPage>("/rentals", { dwelling: dwelling.id, pageSize: 50 });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const current = rentals.data?.items.find((r) => r.endsOn === null) ?? null;
  const past = rentals.data?.items.filter((r) => r.endsOn !== null) ?? [];
  const name = (p: Rental["landlord"]) => (p ? p.name : t("places.outsideArea"));
  const changed = async () => {
    await client.invalidateQueries({ queryKey: keyOf("/rentals") });
    onChanged();
  };
  const post = (path: string, body: object, create = false) =>
    api(path, {
      method: "POST",
      body,
      headers: create ? { "idempotency-key": randomKey() } : undefined,
    }).then(changed);
  return (
    <Card
      title={t("places.dwellingTitle", { label: dwelling.label })}
      data-testid="dwelling-panel"
      styles={{ body: { fontSize: 16 } }}
    >
      <Flex vertical gap={16}>
        <Descriptions column={1} size="middle" bordered>
          <Descriptions.Item label={t("places.use")}>{t(USE_WORDS[dwelling.use])}</Descriptions.Item>
          <Descriptions.Item label={t("places.households")}>{dwelling.households}</Descriptions.Item>
        </Descriptions>
        <Typography.Title level={3} style={{ fontSize: 18, margin: 0 }}>
          {t("places.rental")}
        </Typography.Title>
        {current ? (
          <Flex vertical gap={12} data-testid="current-rental">
            <Descriptions column={1} size="middle" bordered>
              <Descriptions.Item label={t("places.landlord")}>
                {name(current.landlord)}
                {current.landlord?.phone ? ` · ${current.landlord.phone}` : ""}
              </Descriptions.Item>
              <Descriptions.Item label={t("places.startsOn")}>{current.startsOn}</Descriptions.Item>
            </Descriptions>
            <Table
              size="middle"
              rowKey="id"
              pagination={false}
              data-testid="tenants-table"
              dataSource={current.tenants}
              locale={{ emptyText: t("places.noTenants") }}
              columns={[
                {
                  title: t("places.tenant"),
                  key: "name",
                  render: (_: unknown, r) =>
                    r.person ? (
                      <Button
                        type="link"
                        style={{ padding: 0 }}
                        aria-label={t("places.openPerson", { name: r.person.name })}
                        onClick={() => r.person && onOpenPerson(r.person.id)}
                      >
                        {r.person.name}
                      </Button>
                    ) : (
                      t("places.outsideArea")
                    ),
                },
                { title: t("places.movedIn"), dataIndex: "movedInOn", key: "in" },
                {
                  title: t("places.movedOut"),
                  key: "out",
                  render: (_: unknown, r) =>
                    r.movedOutOn ??
                    (canManage ? (
                      <Flex gap={8} align="center">
                        {t("places.living")}
                        <Button
                          onClick={() =>
                            setDialog({
                              kind: "moveOut",
                              rental: current,
                              tenantId: r.id,
                              name: r.person?.name ?? "",
                              movedInOn: r.movedInOn,
                            })
                          }
                        >
                          {t("places.moveOut")}
                        </Button>
                      </Flex>
                    ) : (
                      t("places.living")
                    )),
                },
              ]}
            />
            {canManage && (
              <Flex gap={8} wrap>
                <Button
                  type="primary"
                  size="large"
                  onClick={() => setDialog({ kind: "moveIn", rental: current })}
                >
                  {t("places.moveIn")}
                </Button>
                <Button size="large" onClick={() => setDialog({ kind: "end", rental: current })}>
                  {t("places.endRental")}
                </Button>
              </Flex>
            )}
          </Flex>
        ) : (
          <Flex vertical gap={8} align="flex-start">
            <Typography.Text>{t("places.notRented")}</Typography.Text>
            {canManage && rentals.data && (
              <Button type="primary" size="large" onClick={() => setDialog({ kind: "register" })}>
                {t("places.registerRental")}
              </Button>
            )}
          </Flex>
        )}
        {past.length > 0 && (
          <Flex vertical gap={4} data-testid="past-rentals">
            <Typography.Title level={4} style={{ fontSize: 16, margin: 0 }}>
              {t("places.pastRentals")}
            </Typography.Title>
            {past.map((r) => (
              <Typography.Text key={r.id}>
                {t("places.pastRental", { from: r.startsOn, to: r.endsOn ?? "", landlord: name(r.landlord) })}
                {r.tenants.length > 0
                  ? ` · ${labelled(t("places.tenants"), list(r.tenants.map((x) => name(x.person))))}`
                  : ""}
              </Typography.Text>
            ))}
          </Flex>
        )}
      </Flex>
      <MoveDialog
        open={dialog?.kind === "register"}
        title={t("places.registerRental")}
        personSearch="places.landlordSearch"
        dateLabel="places.startsOn"
        onSubmit={(startsOn, landlordPersonId) =>
          post("/rentals", { dwellingId: dwelling.id, landlordPersonId, startsOn }, true)
        }
        onClose={() => setDialog(null)}
      />
      <MoveDialog
        open={dialog?.kind === "moveIn"}
        title={t("places.moveIn")}
        personSearch="places.personSearch"
        dateLabel="places.movedIn"
        notBefore={dialog?.kind === "moveIn" ? dialog.rental.startsOn : undefined}
        exclude={
          dialog?.kind === "moveIn"
            ? dialog.rental.tenants.flatMap((x) => (x.movedOutOn === null && x.person ? [x.person.id] : []))
            : undefined
        }
        onSubmit={(movedInOn, personId) =>
          dialog?.kind === "moveIn"
            ? post(`/rentals/${dialog.rental.id}/tenants`, { personId, movedInOn }, true)
            : Promise.resolve()
        }
        onClose={() => setDialog(null)}
      />
      <MoveDialog
        open={dialog?.kind === "moveOut"}
        title={dialog?.kind === "moveOut" ? `${t("places.moveOut")} · ${dialog.name}` : t("places.moveOut")}
        dateLabel="places.movedOut"
        notBefore={dialog?.kind === "moveOut" ? dialog.movedInOn : undefined}
        onSubmit={(movedOutOn) =>
          dialog?.kind === "moveOut"
            ? post(`/rentals/${dialog.rental.id}/tenants/${dialog.tenantId}/move-out`, { movedOutOn })
            : Promise.resolve()
        }
        onClose={() => setDialog(null)}
      />
      <MoveDialog
        open={dialog?.kind === "end"}
        title={t("places.endRental")}
        dateLabel="places.endsOn"
        hint="places.endRentalHint"
        notBefore={dialog?.kind === "end" ? dialog.rental.startsOn : undefined}
        onSubmit={(endsOn) =>
          dialog?.kind === "end" ? post(`/rentals/${dialog.rental.id}/end`, { endsOn }) : Promise.resolve()
        }
        onClose={() => setDialog(null)}
      />
    </Card>
  );
}

/** The tree (left) and the chosen dwelling (right). */
export function PlaceTree({ onOpenPerson }: { onOpenPerson: (id: string) => void }) {
  const { t } = useI18n();
  const words = useWords();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [q, setQ] = useState<string | undefined>(undefined);
  const buildings = useGet<BuildingPage>(
    "/buildings",
    { q, pageSize: BUILDING_PAGE },
    { keepPrevious: true },
  );
  /** Loaded children by node key, and what each node stands for. */
  const [children, setChildren] = useState<Record<string, TreeDataNode[]>>({});
  const [refs, setRefs] = useState<Record<string, NodeRef>>({});
  const [buildingOf, setBuildingOf] = useState<Record<string, string>>({});
  const [chosen, setChosen] = useState<Dwelling | null>(null);
  const [expanded, setExpanded] = useState<Key[]>([]);

  const remember = useCallback(
    (entries: [string, NodeRef][]) => setRefs((r) => ({ ...r, ...Object.fromEntries(entries) })),
    [],
  );

  // The tree holds keys and shapes only; each title is worded at render from what its key stands
  // for, so a change of language rewords the nodes already opened.
  const loadBuilding = useCallback(
    async (buildingId: string) => {
      const b = await api<BuildingDetail>(`/buildings/${buildingId}`);
      const dwellingNode = (d: Dwelling): TreeDataNode => ({ key: `d:${d.id}`, isLeaf: d.households === 0 });
      const unitNodes: TreeDataNode[] = b.units.map((u) => ({
        key: `u:${u.id}`,
        isLeaf: false,
        children: b.dwellingList.filter((d) => d.unit?.id === u.id).map(dwellingNode),
      }));
      const loose = b.dwellingList.filter((d) => d.unit === null).map(dwellingNode);
      setChildren((c) => ({ ...c, [`b:${buildingId}`]: [...unitNodes, ...loose] }));
      remember([
        ...b.units.map((u): [string, NodeRef] => [`u:${u.id}`, { kind: "unit-name", name: u.name }]),
        ...b.dwellingList.map((d): [string, NodeRef] => [`d:${d.id}`, { kind: "dwelling", dwelling: d }]),
      ]);
      setBuildingOf((m) => ({ ...m, ...Object.fromEntries(b.dwellingList.map((d) => [d.id, buildingId])) }));
      setChosen((c) => (c ? (b.dwellingList.find((d) => d.id === c.id) ?? c) : c));
    },
    [remember],
  );

  const loadDwelling = useCallback(
    async (dwellingId: string) => {
      const list = await api<HouseholdList>("/households", { query: { dwelling: dwellingId } });
      const nodes: TreeDataNode[] = list.items.map((h) => ({
        key: `h:${h.id}`,
        children: h.members.map((m) => ({ key: `m:${h.id}:${m.person.id}`, isLeaf: true })),
      }));
      setChildren((c) => ({
        ...c,
        [`d:${dwellingId}`]: nodes.length
          ? nodes
          : [{ key: `n:${dwellingId}`, isLeaf: true, selectable: false }],
      }));
      remember([
        [`n:${dwellingId}`, { kind: "empty" }],
        ...list.items.flatMap((h): [string, NodeRef][] => [
          [`h:${h.id}`, { kind: "household", household: h }],
          ...h.members.map((m): [string, NodeRef] => [
            `m:${h.id}:${m.person.id}`,
            { kind: "member", personId: m.person.id, name: m.person.name, relation: m.relation },
          ]),
        ]),
      ]);
    },
    [remember],
  );

  const treeData = useMemo(() => {
    const titleOf = (key: string): string => {
      const ref = refs[key];
      switch (ref?.kind) {
        case "unit-name":
          return ref.name;
        case "dwelling":
          return words.dwelling(ref.dwelling);
        case "household":
          return words.household(ref.household);
        case "member":
          return t("places.member", { name: ref.name, relation: t(RELATION_WORDS[ref.relation]) });
        case "empty":
          return t("places.noHouseholds");
        default:
          return "";
      }
    };
    const attach = (nodes: TreeDataNode[]): TreeDataNode[] =>
      nodes.map((n) => {
        const key = String(n.key);
        const kids = children[key] ?? n.children;
        const node = key.startsWith("b:") ? n : { ...n, title: titleOf(key) };
        return kids ? { ...node, children: attach(kids) } : node;
      });
    // Two buildings of one name (3号楼 of two courtyards): each with its address, to tell them apart.
    const items = buildings.data?.items ?? [];
    const where = distinguishers(items);
    return attach(
      items.map((b) => {
        const at = where.get(b.id);
        return {
          key: `b:${b.id}`,
          title: at
            ? t("places.buildingAt", { name: b.name, where: at, dwellings: b.dwellings })
            : t("places.building", { name: b.name, dwellings: b.dwellings }),
          isLeaf: b.dwellings === 0,
        };
      }),
    );
  }, [buildings.data, children, refs, t, words]);

  const load = async (node: { key: Key }) => {
    const key = String(node.key);
    if (children[key]) return;
    try {
      if (key.startsWith("b:")) await loadBuilding(key.slice(2));
      else if (key.startsWith("d:")) await loadDwelling(key.slice(2));
    } catch (err) {
      void message.error(errorText(err));
    }
  };

  /** A click on a name: a dwelling is chosen (and opened), a member's file opens, else it opens or closes. */
  const select = (key: string) => {
    const ref = refs[key] ?? { kind: "none" };
    if (ref.kind === "member") {
      onOpenPerson(ref.personId);
      return;
    }
    if (ref.kind === "dwelling") setChosen(ref.dwelling);
    const open = expanded.includes(key);
    if (open && ref.kind === "dwelling") return;
    setExpanded((e) => (open ? e.filter((k) => k !== key) : [...e, key]));
    if (!open) void load({ key });
  };

  const refresh = () => {
    if (!chosen) return;
    const building = buildingOf[chosen.id];
    const reload = async () => {
      if (building) await loadBuilding(building);
      if (children[`d:${chosen.id}`]) await loadDwelling(chosen.id);
    };
    reload().catch((err: unknown) => void message.error(errorText(err)));
  };

  const total = buildings.data?.total ?? 0;
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {t("places.title")}
      </Typography.Title>
      <Typography.Text type="secondary" style={{ fontSize: 15 }}>
        {t("places.hint")}
      </Typography.Text>
      <Flex gap={16} wrap align="flex-start">
        <Card style={{ flex: "1 1 380px", minWidth: 320 }} styles={{ body: { fontSize: 16 } }}>
          <Flex vertical gap={8}>
            <Input.Search
              aria-label={t("places.searchBuilding")}
              placeholder={t("places.searchBuilding")}
              allowClear
              size="large"
              onSearch={(v) => {
                setQ(v.trim() || undefined);
                setExpanded([]);
              }}
            />
            {total > BUILDING_PAGE && (
              <Typography.Text type="secondary">
                {t("places.more", { shown: BUILDING_PAGE, total })}
              </Typography.Text>
            )}
            {buildings.data && buildings.data.items.length === 0 ? (
              <Empty description={t("places.noBuildings")} />
            ) : (
              <Tree
                data-testid="place-tree"
                showLine
                blockNode
                style={{ fontSize: 16 }}
                treeData={treeData}
                loadData={load}
                expandedKeys={expanded}
                selectedKeys={chosen ? [`d:${chosen.id}`] : []}
                onSelect={(_keys, info) => select(String(info.node.key))}
                onExpand={(keys) => setExpanded(keys)}
              />
            )}
          </Flex>
        </Card>
        <div style={{ flex: "1 1 480px", minWidth: 320 }}>
          {chosen ? (
            <DwellingPanel
              key={chosen.id}
              dwelling={chosen}
              onChanged={refresh}
              onOpenPerson={onOpenPerson}
            />
          ) : (
            <Card>
              <Typography.Text style={{ fontSize: 16 }}>{t("places.pickDwelling")}</Typography.Text>
            </Card>
          )}
        </div>
      </Flex>
    </Flex>
  );
}
