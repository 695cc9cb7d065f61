/**
 * The search box in the console's header: a 12-digit case number opens that case, anything else
 * opens the case search with those words. "/" anywhere on a page (outside a text field) puts the
 * cursor in it, so a number read out on the phone is one keystroke and a paste away.
 */
import { SearchOutlined } from "@ant-design/icons";
import { Input, type InputRef } from "antd";
import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useI18n } from "../i18n/index.js";

const CASE_NUMBER = /^\d{12}$/;

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function HeaderSearch() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const input = useRef<InputRef>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || typingInField(e.target)) return;
      e.preventDefault();
      input.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const go = () => {
    const value = text.replace(/\s/g, "");
    if (value === "") return;
    if (CASE_NUMBER.test(value)) navigate(`/cases/${value}`);
    else navigate(`/cases?${new URLSearchParams({ q: text.trim() }).toString()}`);
    setText("");
    input.current?.blur();
  };

  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        go();
      }}
    >
      <Input
        ref={input}
        value={text}
        onChange={(e) => setText(e.target.value)}
        prefix={<SearchOutlined aria-hidden />}
        suffix={<kbd style={{ fontSize: 11, color: "#595959" }}>/</kbd>}
        placeholder={t("centre.header.searchPlaceholder")}
        aria-label={t("centre.header.search")}
        data-testid="header-search"
        style={{ width: 240 }}
        maxLength={100}
      />
    </form>
  );
}
