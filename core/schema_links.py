"""OpenAPI links in /api/schema/: which answer's values the next call can use, for client authors and
for the stateful fuzz test (tests/api/test_stateful_fuzz.py), which follows them.

A drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]). It knows no
resource of ours: it reads the finished schema and adds the links that our REST conventions imply.

- A resource lives at `/<things>/` and `/<things>/{id}/`; the schema of what `GET /<things>/{id}/`
  answers is "one `<thing>`" (the singular: `stages` → `stage`, `strategies` → `strategy`).
- The same object: an answer that is one `<thing>` (its create, read, update, or an action on it)
  links to every operation at `/<things>/{id}/` and below, with its `id` — and, for a write that
  takes a `version`, with its `version`, so the next edit is made from the version just answered
  (an older one answers 409).
- What a create made: the answer of `POST /<things>/` links to the operations that name a
  `<thing>` — in their body (`"stage": 7`, or `"stages": [7]`), their query (`?stage=7`) or
  their path (`{stage_id}`, or the `{id}` of `/<things>/{id}/`) — with its `id`. Objects made with it
  and listed in its answer (`"stages": [{"id": 7, ...}]`) count too, by the first of them.
"""

import re
from dataclasses import dataclass, field
from typing import Any

JSON = "application/json"
METHODS = ("get", "post", "put", "patch", "delete")
ITEM_PATH = re.compile(r"^.*/(?P<plural>[\w-]+)/\{id\}/$")
PATH_PARAMETER = re.compile(r"\{(\w+)\}")

Schema = dict[str, Any]


def singular(plural: str) -> str:
    """`stages` → `stage`, `strategies` → `strategy`, `evidence` → `evidence`."""
    if plural.endswith("ies"):
        return plural[:-3] + "y"
    if plural.endswith("s") and not plural.endswith("ss"):
        return plural[:-1]
    return plural


@dataclass
class Operation:
    path: str
    method: str
    definition: Schema
    resource: str | None  # the `<thing>` at whose `/<things>/{id}/` (or below) this operation is
    body: dict[str, Schema] = field(default_factory=dict)  # the request body's properties
    query: set[str] = field(default_factory=set)

    @property
    def path_parameters(self) -> list[str]:
        return PATH_PARAMETER.findall(self.path)

    @property
    def is_create(self) -> bool:
        return self.method == "post" and not self.path_parameters


class _Components:
    def __init__(self, result: Schema):
        self.schemas: dict[str, Schema] = result.get("components", {}).get("schemas", {})

    @staticmethod
    def name(schema: Schema | None) -> str | None:
        ref = (schema or {}).get("$ref", "")
        return ref.rsplit("/", 1)[-1] if ref.startswith("#/components/schemas/") else None

    def properties(self, schema: Schema | None) -> dict[str, Schema]:
        name = self.name(schema)
        resolved = self.schemas.get(name, {}) if name else (schema or {})
        return resolved.get("properties", {})


def _json(content: Schema | None) -> Schema | None:
    return (content or {}).get(JSON, {}).get("schema")


def _is_integer_list(schema: Schema) -> bool:
    return schema.get("type") == "array" and schema.get("items", {}).get("type") == "integer"


class _Api:
    def __init__(self, result: Schema):
        self.components = _Components(result)
        paths: dict[str, Schema] = result.get("paths", {})
        self.plurals: dict[str, str] = {}  # `<thing>` → `<things>`
        item_paths: dict[str, str] = {}  # `/<things>/{id}/` → `<thing>`
        for path in paths:
            match = ITEM_PATH.match(path)
            if match:
                item_paths[path] = singular(match["plural"])
                self.plurals[singular(match["plural"])] = match["plural"]
        self.operations: list[Operation] = []
        for path, item in paths.items():
            resource = next((name for prefix, name in item_paths.items() if path.startswith(prefix)), None)
            for method in METHODS:
                if method in item:
                    definition = item[method]
                    request = _json(definition.get("requestBody", {}).get("content"))
                    query = {p["name"] for p in definition.get("parameters", []) if p.get("in") == "query"}
                    body = self.components.properties(request)
                    self.operations.append(Operation(path, method, definition, resource, body, query))
        # component name → the `<thing>` it is one of: what `GET /<things>/{id}/` answers
        self.resource_of: dict[str, str] = {}
        for operation in self.operations:
            if operation.method == "get" and operation.path in item_paths:
                answer = _json(operation.definition.get("responses", {}).get("200", {}).get("content"))
                name = self.components.name(answer)
                if name and "id" in self.components.properties(answer):
                    self.resource_of.setdefault(name, item_paths[operation.path])

    def listed_ids(self, properties: dict[str, Schema]) -> tuple[dict[str, str], dict[str, str]]:
        """JSON pointers into an answer: to the ids of the objects it lists (`/stages/0/id`), and to the ids
        those objects name (`/cells/0/stage`, which only fill a `{stage_id}` in a path)."""
        made: dict[str, str] = {}
        named: dict[str, str] = {}
        for name, definition in properties.items():
            if definition.get("type") != "array":
                continue
            item_properties = self.components.properties(definition.get("items"))
            if "id" in item_properties and singular(name) in self.plurals:
                made[singular(name)] = f"/{name}/0/id"
            for item_name, item_definition in item_properties.items():
                if item_name in self.plurals and item_definition.get("type") == "integer":
                    named.setdefault(item_name, f"/{name}/0/{item_name}")
        return made, named

    def link(self, ids: dict[str, str], path_ids: dict[str, str], target: Operation, *, same: bool) -> Schema | None:
        """The link from an answer holding `ids` to `target`, or None when it holds nothing `target` takes."""
        parameters: dict[str, str] = {}
        for name in target.path_parameters:
            pointer = ids.get(target.resource or "") if name == "id" else path_ids.get(name.removesuffix("_id"))
            if pointer is None:
                return None
            parameters[f"path.{name}"] = f"$response.body#{pointer}"
        body: dict[str, Any] = {}
        if same and "version" in target.body:
            body["version"] = "$response.body#/version"
        if not same and not target.path_parameters:
            for name, pointer in ids.items():
                if target.body.get(name, {}).get("type") == "integer":
                    body[name] = f"$response.body#{pointer}"
                if _is_integer_list(target.body.get(self.plurals[name], {})):
                    body[self.plurals[name]] = [f"$response.body#{pointer}"]
                if name in target.query:
                    parameters[f"query.{name}"] = f"$response.body#{pointer}"
            if not body and not parameters:
                return None
        link: Schema = {"operationId": target.definition["operationId"]}
        if parameters:
            link["parameters"] = parameters
        if body:
            link["requestBody"] = body
        return link

    def links_from(self, producer: Operation, answer: Schema | None) -> dict[str, Schema]:
        own = self.resource_of.get(self.components.name(answer) or "")
        if own is None:
            return {}
        made, named = self.listed_ids(self.components.properties(answer))
        ids = {own: "/id", **(made if producer.is_create else {})}
        path_ids = {**named, **ids}
        links = {}
        for target in self.operations:
            same = target.resource == own
            if not (same or producer.is_create) or (target is producer and producer.method == "get"):
                continue
            link = self.link(ids, path_ids, target, same=same)
            if link is not None:
                links[target.definition["operationId"]] = link
        return links


def add_links(result: Schema, generator: Any, request: Any, public: bool) -> Schema:
    """POSTPROCESSING_HOOKS entry: adds `links` to the success answers of the schema's operations."""
    api = _Api(result)
    for producer in api.operations:
        for status, response in producer.definition.get("responses", {}).items():
            if status.startswith("2"):
                links = api.links_from(producer, _json(response.get("content")))
                if links:
                    response["links"] = links
    return result
