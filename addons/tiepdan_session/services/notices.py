"""The messages a session sends (issue 9 "Notifications"): written in the mover's transaction through the
case module's outbox (TEAM.md interface 1). Filled in once the outbox is on main."""


def announced(session, actor):
    return None


def moved(session, actor, reason):
    return None


def cancelled(session, actor, reason):
    return None
