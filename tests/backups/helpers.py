"""Reading a backup archive back, for the tests: its documents, and its content as two backups of the same
workspace share it."""

import io
import json
import re
import zipfile

REF = re.compile(r"^(persona|touchpoint|journey)-\d+$")


def documents(data: bytes) -> dict[str, dict]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: json.loads(archive.read(name)) for name in archive.namelist()}


def archive_content(data: bytes) -> dict:
    """What a backup says of its workspace, less what belongs to the archive or to the rows that hold it:

    - the times the archive and its map files were written (`created_at` of the manifest, `exported_at`);
    - the app's version;
    - ids: the references made of them (`persona-12`, `touchpoint-345`, `journey-6`) are renamed by
      where they first appear (workspace.json's personas, then each map's cards in order), so two
      archives compare equal when the same persona, card or map is named in the same places.

    Everything else is compared as written: every field of the maps, their stages, lanes, texts, cards,
    strategies and every revision (numbers, kinds, texts, authors, author names, times), comment threads
    and comments (authors, kept names, bodies, times, mentions), stage reviews and the activity feed
    (actors, names, labels, changes, times), metrics and readings, evidence, opportunities, personas,
    channels, the people named and their roles, and the manifest's counts and file names."""
    docs = documents(data)
    manifest = dict(docs.pop("manifest.json"))
    manifest.pop("created_at")
    manifest.pop("app_version")
    workspace = docs.pop("workspace.json")
    maps = [docs[name] for name in sorted(docs)]
    names: dict[str, str] = {}

    def name(ref: str) -> None:
        kind = ref.split("-")[0]
        names.setdefault(ref, f"{kind}#{sum(1 for value in names.values() if value.startswith(kind)) + 1}")

    for persona in workspace["personas"]:
        name(persona["ref"])
    for document in maps:
        name(document["backup"]["ref"])
        for stage in document["stages"]:
            for card in stage["touchpoints"]:
                name(card["ref"])

    def renamed(value):
        if isinstance(value, dict):
            return {names.get(key, key): renamed(item) for key, item in value.items()}
        if isinstance(value, list):
            return [renamed(item) for item in value]
        if isinstance(value, str) and REF.match(value):
            return names.get(value, "(not in the archive)")
        return value

    for document in maps:
        document.pop("exported_at")
    content = renamed({"manifest": manifest, "workspace": workspace, "maps": maps})
    links = content["workspace"]["links"]
    content["workspace"]["links"] = {key: sorted(pairs.items()) for key, pairs in links.items()}
    return content


def differences(first, second, path: str = "") -> list[tuple]:
    """Where two contents differ: [(path, first's value, second's value)], for readable failures."""
    if type(first) is not type(second):
        return [(path, first, second)]
    if isinstance(first, dict):
        found = []
        for key in sorted(set(first) | set(second), key=str):
            if key not in first or key not in second:
                found.append((f"{path}/{key}", first.get(key, "(missing)"), second.get(key, "(missing)")))
            else:
                found += differences(first[key], second[key], f"{path}/{key}")
        return found
    if isinstance(first, list):
        if len(first) != len(second):
            return [(f"{path} (length)", len(first), len(second))]
        return [
            found
            for index, pair in enumerate(zip(first, second, strict=True))
            for found in differences(*pair, f"{path}[{index}]")
        ]
    return [] if first == second else [(path, first, second)]


PEOPLE_KEYS = {
    *("author", "owner", "created_by", "recorded_by", "actor", "reviewed_by", "mentions"),
    *("resolved_by", "reopened_by", "lane_cells"),
}


def blank_people(content) -> None:
    """The content less which accounts its people are (usernames, and so the owners, left empty where the
    person is not a member): the names the history shows (authors' names, who resolved a thread) stay."""
    content["workspace"]["people"] = []
    content["manifest"]["counts"]["people"] = 0

    def walk(value):
        if isinstance(value, dict):
            for key in list(value):
                if key in PEOPLE_KEYS:
                    value[key] = None
                else:
                    walk(value[key])
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(content)
