# The source text's question-answering listing, errata included: Embedding's arguments swapped.
from keras import Input, layers
from keras.models import Model


def build_qa_model(text_vocab_size=10000, question_vocab_size=10000, answer_vocab_size=500):
    text_input = Input(shape=(None,), dtype="int32", name="text")
    embedded_text = layers.Embedding(64, text_vocab_size)(text_input)
    encoded_text = layers.LSTM(32)(embedded_text)
    question_input = Input(shape=(None,), dtype="int32", name="question")
    embedded_question = layers.Embedding(32, question_vocab_size)(question_input)
    encoded_question = layers.LSTM(16)(embedded_question)
    concatenated = layers.concatenate([encoded_text, encoded_question], axis=-1)
    answer = layers.Dense(answer_vocab_size, activation="softmax")(concatenated)
    model = Model([text_input, question_input], answer)
    return model
