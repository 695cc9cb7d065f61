/** The icon of a case's category in the console's lists: one per top-level category (shared map). */
import {
  AlertOutlined,
  AppstoreOutlined,
  BankOutlined,
  BulbOutlined,
  CarOutlined,
  DeleteOutlined,
  FireOutlined,
  GiftOutlined,
  HeartOutlined,
  SafetyOutlined,
  TagOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import { categoryIconName, type CategoryIconName } from "../../shared/category-icons.js";

const ICONS: Record<CategoryIconName, ReactNode> = {
  trash: <DeleteOutlined />,
  road: <CarOutlined />,
  bulb: <BulbOutlined />,
  flame: <FireOutlined />,
  building: <BankOutlined />,
  handshake: <TeamOutlined />,
  shield: <SafetyOutlined />,
  alert: <AlertOutlined />,
  heart: <HeartOutlined />,
  gift: <GiftOutlined />,
  more: <AppstoreOutlined />,
  fallback: <TagOutlined />,
};

/** The category's icon, hidden from screen readers (the name beside it says it). */
export function CategoryIcon({ code }: { code: string | null | undefined }) {
  const name = categoryIconName(code);
  return (
    <span aria-hidden data-category-icon={name} style={{ marginRight: 4, color: "#595959" }}>
      {ICONS[name]}
    </span>
  );
}
