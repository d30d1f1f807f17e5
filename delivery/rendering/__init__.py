"""Rendering: sandboxed Jinja2 templates with limits, sanitising, locale formatting, compliance.

Public API: :class:`~delivery.rendering.templates.TemplateSet`,
:class:`~delivery.rendering.email.EmailRenderer`, :class:`~delivery.rendering.email.Sender`,
:class:`~delivery.rendering.sms.SmsRenderer`, :func:`~delivery.rendering.sms.segment_count`,
:func:`~delivery.rendering.compliance.make_unsubscribe_token`,
:func:`~delivery.rendering.compliance.read_unsubscribe_token`.
"""
