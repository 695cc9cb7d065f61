/**
 * The kinds of notification the modules write, as their manifests declare them, and how each
 * goes out by SMS when it may (the template's environment variable and its one parameter).
 * `installNotificationKinds` puts the registry's declarations in force at start.
 */

/** How a kind goes out by SMS: the approved template named in `templateVar`, with one parameter. */
export interface SmsTemplate {
  /** The environment variable holding the template code, e.g. `SMS_TEMPLATE_REPLY`. */
  templateVar: string;
  /** `code`: the six digits in the body (a sign-in code); `number`: the subject's number. */
  param: "code" | "number";
}

export interface NotificationKind {
  /** As written in `notifications.kind`, e.g. `urge`. */
  kind: string;
  /** May go out by SMS, with this template; without it, never. */
  sms?: SmsTemplate;
}

const installed = new Map<string, NotificationKind & { module: string }>();

/** Puts the modules' notification kinds in force (replacing any before); a kind has one owner. */
export function installNotificationKinds(
  declared: readonly { module: string; kinds: readonly NotificationKind[] }[],
): void {
  const next = new Map<string, NotificationKind & { module: string }>();
  for (const { module, kinds } of declared) {
    for (const k of kinds) {
      const other = next.get(k.kind);
      if (other && other.module !== module) {
        throw new Error(`notification kind ${k.kind} is declared by both ${other.module} and ${module}`);
      }
      next.set(k.kind, { ...k, module });
    }
  }
  installed.clear();
  for (const [kind, k] of next) installed.set(kind, k);
}

/** Every kind in force, with the module that declares it. */
export function notificationKinds(): readonly (NotificationKind & { module: string })[] {
  return [...installed.values()];
}

/** The kind's declaration, or undefined when no module declares it. */
export function notificationKind(kind: string): NotificationKind | undefined {
  return installed.get(kind);
}
