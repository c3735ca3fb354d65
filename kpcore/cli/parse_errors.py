"""argparse's own messages for a command line it cannot parse ("the following arguments are
required: %s", "invalid choice: ..."), as catalog messages: kp's terminal shows them in its
language (issue 18 §1). argparse asks for them by these msgids, through the `_` that
kpcore.cli._in_terminal_language puts in place while a line is parsed; this module is never
imported, it only names the messages for the catalogs (scripts/i18n_catalogs.py)."""
from __future__ import annotations

from . import N_

MESSAGES = (
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)
