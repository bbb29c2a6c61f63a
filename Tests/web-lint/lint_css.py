"""Fails on CSS that does not parse: each error with its line and column."""
import sys

import tinycss2

SKIP = {"skip_comments": True, "skip_whitespace": True}


def errors(rules):
    """Parse errors among `rules`, descending into declaration blocks and @media/@supports."""
    for rule in rules:
        if rule.type == "error":
            yield rule
        elif rule.type == "qualified-rule":
            yield from (item for item in tinycss2.parse_declaration_list(rule.content, **SKIP) if item.type == "error")
        elif rule.type == "at-rule" and rule.content is not None and rule.at_keyword in ("media", "supports"):
            yield from errors(tinycss2.parse_rule_list(rule.content, **SKIP))


def main():
    path = sys.argv[1]
    with open(path, encoding="utf-8") as file:
        found = list(errors(tinycss2.parse_stylesheet(file.read(), **SKIP)))
    for error in found:
        print(f"{path}:{error.source_line}:{error.source_column}: {error.message}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
