"""Assisted mode: staff of communes/CPAS, mutualities and other services
apply with and for citizens, on the same questionnaire, engine and pages.

One module per concern:
- ``session``: who is logged in (the contract every staff view relies on);
- ``accounts`` and ``auth_views``: passwords, second factor, lockout, the
  ``flask staff`` commands and the organisation administrator's page;
- ``caseload``: starting an assisted application, the caseload, access;
- ``handover``: the hand-over letter, taking over a citizen's draft;
- ``audit`` and ``audit_views``: the audit log and its pages.
"""
from __future__ import annotations


def init_app(app) -> None:
    from . import assisted, audit_views, auth_views, caseload, handover

    for module in (auth_views, caseload, handover, audit_views):
        app.register_blueprint(module.bp)
    auth_views.init_app(app)
    assisted.init_app(app)
