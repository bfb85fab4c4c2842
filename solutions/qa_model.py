"""Reference solution of `qa_model`: the two-input question-answering model."""

import keras
from keras import layers


def build_qa_model(text_vocab_size=10000, question_vocab_size=10000, answer_vocab_size=500):
    """A model that reads a text and a question and picks a one-word answer.

    Each input is a variable-length sequence of token ids. The text is
    embedded in 64 dimensions and read by `LSTM(32)`, the question in 32
    dimensions by `LSTM(16)`; the two codes are concatenated and a softmax
    `Dense` layer scores every answer word. The source text writes
    `Embedding(64, text_vocab_size)`: the first argument must be the
    vocabulary size (`input_dim`), the second the vector size.

    Args:
        text_vocab_size: Number of distinct token ids in the text.
        question_vocab_size: Number of distinct token ids in the question.
        answer_vocab_size: Number of possible answers.

    Returns:
        A functional `keras.Model` with inputs `[text, question]`, each
        `(None, None)` int32, and output `(None, answer_vocab_size)`;
        1,000,052 parameters with the defaults.
    """
    text_input = keras.Input(shape=(None,), dtype="int32", name="text")
    embedded_text = layers.Embedding(text_vocab_size, 64)(text_input)
    encoded_text = layers.LSTM(32)(embedded_text)

    question_input = keras.Input(shape=(None,), dtype="int32", name="question")
    embedded_question = layers.Embedding(question_vocab_size, 32)(question_input)
    encoded_question = layers.LSTM(16)(embedded_question)

    concatenated = layers.concatenate([encoded_text, encoded_question], axis=-1)
    answer = layers.Dense(answer_vocab_size, activation="softmax")(concatenated)
    return keras.Model([text_input, question_input], answer)
