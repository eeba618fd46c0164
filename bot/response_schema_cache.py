"""A Rasa pipeline component that makes custom-action calls cheap (runs in Rasa's venv;
config.yml lists it, so Rasa imports this module when it loads the model).

Rasa 3.6 checks every action server response with `jsonschema.validate(result, schema)`,
and jsonschema 4.17 re-validates the (constant) schema against its draft 2020-12 meta-schema
on each call: about 54 ms of CPU per call on this machine, against about 1 ms for checking
the response with a validator built once. Our bot calls the action server three times or so
per turn (slot extraction, form validation, the next question), so that re-check was most of
a Rasa turn's CPU (86% in a py-spy profile), whatever the pipeline.

Listing this component in a config's pipeline (it does nothing to messages) makes Rasa import
this module when it loads the model, and the import swaps
`RemoteAction._validate_action_result` for the same check with a validator built once: same
schema, same errors (jsonschema's `best_match`, as `validate` raises), same message.
"""

from __future__ import annotations

from typing import Any, Dict, List  # noqa: UP035 (Rasa's graph checks typing's generics)

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.nlu.training_data.message import Message

_validators: dict[type, Any] = {}


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result with the schema checked once per class."""
    validator = _validators.get(type(self))
    if validator is None:
        schema = self.action_response_format_spec()
        cls = validator_for(schema)
        cls.check_schema(schema)
        validator = _validators[type(self)] = cls(schema)
    error = best_match(validator.iter_errors(result))
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CachedActionValidation(GraphComponent):
    """No-op pipeline step; importing its module installs the cheaper validation."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],  # noqa: UP006
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CachedActionValidation:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:  # noqa: UP006
        return messages
