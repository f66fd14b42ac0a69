"""Drive the interactive questionnaire through a pseudo-terminal (pexpect), answering by question label."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect

PROMPT = [re.compile(r" : \Z"), re.compile(r"  > \Z"), pexpect.EOF]
GAUCHE = "\x1b[D"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
MAX_INVITES = 400  # a whole questionnaire asks about a hundred: more is a loop (two prompts answering each other)


class Repondeur:
    """Answers each prompt from rules (label substring → answer or list of answers), « Entrée » otherwise."""

    def __init__(self, regles: list[tuple[str, object, int | None]]):
        self.regles = [list(r) for r in regles]
        self.file: list[str] = []

    def __call__(self, contexte: str) -> str:
        if self.file:
            return self.file.pop(0)
        for regle in self.regles:
            label, answer, remaining = regle
            if label in contexte and remaining != 0:
                if remaining is not None:
                    regle[2] = remaining - 1
                if isinstance(answer, list):
                    self.file.extend(answer[1:])
                    return answer[0]
                return answer
        return ""


def lancer(*args: str, cwd: Path) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm", "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    env.pop("CONTINUUM_BIBLIOTHEQUE", None)
    return pexpect.spawn(sys.executable, ["-m", "generator", *args], cwd=str(cwd), env=env, encoding="utf-8",
                         timeout=60, dimensions=(50, 200))


def dialoguer(child: pexpect.spawn, repondeur, arret: str | None = None) -> str:
    """Answer prompts until the program ends (or until a prompt whose context contains ``arret``)."""
    transcript, last, repeats = [], None, 0
    while True:
        index = child.expect(PROMPT)
        context = ANSI.sub("", child.before + (child.after if isinstance(child.after, str) else ""))
        transcript.append(context)
        if index == 2:
            return "".join(transcript)
        if arret is not None and arret in context:
            return "".join(transcript)
        repeats = repeats + 1 if context == last else 0
        assert repeats < 5, f"question posée en boucle :\n{context}"
        assert len(transcript) < MAX_INVITES, f"plus de {MAX_INVITES} invites : dialogue sans fin ?\n{context}"
        last = context
        child.sendline(repondeur(context))
