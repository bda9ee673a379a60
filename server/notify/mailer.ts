import type { Transporter } from 'nodemailer';
import type { RenderedMessage } from '../../shared/emailTemplates';

export interface Mailer {
  send(to: string, message: RenderedMessage): Promise<void>;
  close(): void;
}

/**
 * nodemailer over SMTP_URL (smtp:// or smtps://, credentials in the URL). Without SMTP_URL there
 * is no mailer and messages stay in the outbox, where the admin reads them.
 */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer | null {
  if (!smtpUrl) return null;
  // nodemailer is loaded with the first message (~13 MB resident, ~80 ms at start-up otherwise).
  let transport: Promise<Transporter> | null = null;
  const open = () => (transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl)));
  return {
    async send(to, message) {
      await (await open()).sendMail({ from, to, subject: message.subject, text: message.text, html: message.html });
    },
    close: () => void transport?.then((opened) => opened.close()),
  };
}
