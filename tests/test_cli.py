"""The command line: the commands quangba defines itself are parsed by a lean parser that does
not import the packages adding other commands; a user must not be able to tell the two apart."""

from __future__ import annotations

import argparse

import pytest

from quangba import cli


def _shape(parser: argparse.ArgumentParser) -> list[tuple]:
    return [(tuple(a.option_strings), a.dest, a.default, a.nargs, a.required,
             tuple(a.choices) if a.choices else None, a.help) for a in parser._actions]


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_every_lean_command_is_parsed_as_the_full_parser_would() -> None:
    lean, full = cli.parser(lean=True), cli.parser()
    assert {"validate", "build", "export", "check-package"} <= lean.commands
    assert lean.commands < set(_commands(full))  # the packages add the rest
    for name in lean.commands:
        assert _shape(_commands(lean)[name]) == _shape(_commands(full)[name]), name


def test_the_build_command_is_parsed_without_the_packages_that_add_commands(monkeypatch) -> None:
    built: list[bool] = []
    real = cli.parser

    def spy(*, lean: bool = False):
        built.append(lean)
        return real(lean=lean)

    monkeypatch.setattr(cli, "parser", spy)
    args = cli.parse_args(["--root", ".", "build", "--quiet"])
    assert (args.command, args.quiet, args.frictionless) == ("build", True, False)
    assert built == [True]


@pytest.mark.parametrize("argv", [["build", "--no-such-option"], ["validate", "--format", "yaml"], ["export", "--help"]])
def test_a_lean_command_says_what_the_full_parser_says(argv, capsys) -> None:
    """Mistakes and help: the same words, the same exit status."""
    said = []
    for parse in (cli.parse_args, cli.parser().parse_args):
        with pytest.raises(SystemExit) as stop:
            parse(argv)
        said.append((stop.value.code, capsys.readouterr()))
    assert said[0] == said[1]
    assert said[0][0] == (0 if "--help" in argv else 2)
