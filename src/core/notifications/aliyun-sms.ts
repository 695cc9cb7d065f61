/**
 * Aliyun SMS (阿里云短信服务, Dysmsapi 2017-05-25) through Aliyun's own SDK. The SDK signs each
 * request with the AccessKey; an answer whose `Code` is not `OK` (a number on the blocklist, a
 * template not approved, a rate limit) is a failure, so the outbox tries again later.
 */
import * as dysms from "@alicloud/dysmsapi20170525";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import type { SmsGateway, SmsMessage, SmsSettings } from "./sms.js";

interface SendSmsClient {
  sendSms(request: dysms.SendSmsRequest): Promise<{ body?: { code?: string; message?: string } }>;
}
type ClientClass = new (config: $OpenApiUtil.Config) => SendSmsClient;

/** The SDK's client class, whether the module loader hands its CommonJS export over or not. */
function clientClass(): ClientClass {
  const loaded: unknown = dysms.default;
  const inner = (loaded as { default?: unknown }).default;
  return (typeof loaded === "function" ? loaded : inner) as ClientClass;
}

export class AliyunSmsGateway implements SmsGateway {
  private readonly client: SendSmsClient;

  constructor(
    private readonly settings: Pick<SmsSettings, "accessKeyId" | "accessKeySecret" | "signName" | "endpoint">,
  ) {
    const local = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(settings.endpoint);
    const Client = clientClass();
    this.client = new Client(
      new $OpenApiUtil.Config({
        accessKeyId: settings.accessKeyId,
        accessKeySecret: settings.accessKeySecret,
        endpoint: settings.endpoint,
        // Only a local fake is spoken to in plain HTTP.
        protocol: local ? "http" : "https",
      }),
    );
  }

  async send(message: SmsMessage): Promise<void> {
    const answer = await this.client.sendSms(
      new dysms.SendSmsRequest({
        phoneNumbers: message.phone,
        signName: this.settings.signName,
        templateCode: message.template,
        templateParam: JSON.stringify(message.params),
        outId: message.outId,
      }),
    );
    const code = answer.body?.code;
    if (code !== "OK")
      throw new Error(`aliyun sms: ${code ?? "no code"} ${answer.body?.message ?? ""}`.trim());
  }
}
