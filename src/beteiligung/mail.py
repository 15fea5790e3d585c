"""Outgoing mail through SMTP; without an SMTP host (demo mode) the mail goes to the log."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from beteiligung.settings import Settings

log = logging.getLogger("beteiligung.mail")


class MailError(RuntimeError):
    pass


def send_mail(settings: Settings, to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if not settings.smtp_host:
        # Demo and development: the console log is the mailbox.
        log.warning(
            "E-Mail (nicht versendet, kein SMTP-Server eingestellt)\nAn: %s\nBetreff: %s\n\n%s",
            to,
            subject,
            body,
        )
        return
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.error("E-Mail an %s konnte nicht versendet werden: %s", to, exc)
        raise MailError(str(exc)) from exc
