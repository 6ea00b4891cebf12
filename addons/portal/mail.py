# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The emails of the portals: plain French text through trytond's mail
settings, sent when the transaction commits (nothing goes out for a page
that failed)."""
from email.message import EmailMessage

from trytond import config
from trytond.sendmail import send_message_transactional


def send_mail(to, subject, text):
    message = EmailMessage()
    message['From'] = config.get('email', 'from')
    message['To'] = to
    message['Subject'] = subject
    message.set_content(text)
    send_message_transactional(message)
