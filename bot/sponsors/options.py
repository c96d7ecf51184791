"""The endorsement's options on `program create|update`: pure argparse, so the program
grammar can carry them without depending on the sponsors' storage."""

from __future__ import annotations

import argparse


def add_endorsement_fields(parser: argparse.ArgumentParser) -> None:
    """`--endorsement LINE --sponsor PERSON`."""
    group = parser.add_argument_group("sponsor")
    group.add_argument(
        "--endorsement",
        help="one line from the program's sponsor, shown with every prompt, e.g. "
        '"Take 15 minutes on Friday for this: it is part of our work." (none: remove it)',
    )
    group.add_argument(
        "--sponsor",
        help="who endorses it: email or PLATFORM:WORKSPACE:USER of a member with the role "
        "sponsor; they get the program's monthly summary",
    )


def endorsement_given(args: argparse.Namespace) -> bool:
    """Did the command line say anything about the endorsement?"""
    return getattr(args, "endorsement", None) is not None or bool(getattr(args, "sponsor", None))
