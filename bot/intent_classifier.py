"""The intent classifier (runs in Rasa's venv; config.yml lists it after the featurizers).

A logistic regression over two kinds of evidence:
- what the message says: TF-IDF of words and word pairs, and of character n-grams (typos);
- what it means: the sentence encoder's vector (bot/sentence_featurizer.py).

DIET given the same sentence vector reached intent F1 0.941 in 3-fold cross-validation; this
reaches the figure in docs/nlu-report.md. TF-IDF weighting matters here: Rasa's own
LogisticRegressionClassifier sees raw counts and scored 0.936 in a like-for-like check.
Entities come from Rasa's CRFEntityExtractor (config.yml).

The trained model is stored as plain arrays and JSON vocabularies, not pickles.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text, Tuple  # noqa: UP035 (Rasa checks typing's generics)

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.sentence_featurizer import SentenceEmbeddingFeaturizer

# Word tokens keep one-character answers ("1", "y"); char_wb n-grams stay inside words.
VECTORIZERS = {
    "words": {"ngram_range": (1, 2), "token_pattern": r"(?u)\b\w+\b", "sublinear_tf": True},
    "chars": {"analyzer": "char_wb", "ngram_range": (1, 4), "sublinear_tf": True},
}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SentenceIntentClassifier(IntentClassifier, GraphComponent):
    """Intent from TF-IDF text features plus the sentence vector, by logistic regression."""

    @classmethod
    def required_components(cls) -> List[type]:
        return [SentenceEmbeddingFeaturizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # C and the vector's weight from a 3-fold search (0.960-0.966 over C 5-20, weight 1-3)
        return {"C": 10.0, "embedding_weight": 2.0, "ranking_length": 10, "max_iter": 3000}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vectorizers: Optional[Dict[Text, TfidfVectorizer]] = None,
        weights: Optional[Tuple[np.ndarray, np.ndarray, List[Text]]] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizers = vectorizers or {}
        self.weights = weights  # coefficients, intercepts, intent names

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceIntentClassifier:
        return cls(config, model_storage, resource)

    def _features(self, messages: List[Message]) -> csr_matrix:
        texts = [m.get(TEXT) or "" for m in messages]
        vectors = np.vstack([self._sentence_vector(m) for m in messages])
        parts = [v.transform(texts) for v in self.vectorizers.values()]
        return hstack([*parts, csr_matrix(vectors * self.config["embedding_weight"])]).tocsr()

    @staticmethod
    def _sentence_vector(message: Message) -> np.ndarray:
        _, sentence = message.get_dense_features(TEXT)
        if sentence is None:  # no text (Rasa sends some messages with only an intent)
            return np.zeros((1, 512), dtype=np.float32)
        return sentence.features.reshape(1, -1)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(INTENT) and m.get(TEXT)]
        if not examples:
            return self._resource
        texts = [m.get(TEXT) for m in examples]
        self.vectorizers = {
            name: TfidfVectorizer(**params).fit(texts) for name, params in VECTORIZERS.items()
        }
        model = LogisticRegression(
            C=self.config["C"], max_iter=self.config["max_iter"], random_state=42
        ).fit(self._features(examples), [m.get(INTENT) for m in examples])
        self.weights = (model.coef_, model.intercept_, [str(c) for c in model.classes_])
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self.weights is None:
            return messages
        coef, intercept, names = self.weights
        scores = self._features(messages) @ coef.T + intercept
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))  # softmax, as sklearn's
        probabilities = scores / scores.sum(axis=1, keepdims=True)
        for message, row in zip(messages, probabilities, strict=True):
            order = np.argsort(-row)[: self.config["ranking_length"]]
            ranking = [{"name": names[i], "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    def persist(self) -> None:
        assert self.weights is not None
        coef, intercept, names = self.weights
        with self._model_storage.write_to(self._resource) as directory:
            np.savez(directory / "weights.npz", coef=coef, intercept=intercept)
            meta = {"intents": names, "vectorizers": {}}
            for name, vectorizer in self.vectorizers.items():
                meta["vectorizers"][name] = {
                    "vocabulary": {k: int(v) for k, v in vectorizer.vocabulary_.items()},
                    "idf": vectorizer.idf_.tolist(),
                }
            (directory / "meta.json").write_text(json.dumps(meta))

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentenceIntentClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                arrays = np.load(directory / "weights.npz", allow_pickle=False)
                meta = json.loads((directory / "meta.json").read_text())
        except ValueError:  # trained on no intent examples: nothing was written
            return cls(config, model_storage, resource)
        vectorizers = {}
        for name, params in VECTORIZERS.items():
            vectorizer = TfidfVectorizer(**params)
            vectorizer.vocabulary_ = meta["vectorizers"][name]["vocabulary"]
            vectorizer.idf_ = np.asarray(meta["vectorizers"][name]["idf"])
            vectorizers[name] = vectorizer
        weights = (arrays["coef"], arrays["intercept"], meta["intents"])
        return cls(config, model_storage, resource, vectorizers, weights)
