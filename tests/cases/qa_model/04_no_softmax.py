# exercise: qa_model
# expect: fail
# why: a linear output layer: same shapes and parameters, but no probabilities
# message: FAILED softmax_output
import keras
from keras import layers


def build_qa_model(text_vocab_size=10000, question_vocab_size=10000, answer_vocab_size=500):
    text = keras.Input(shape=(None,), dtype="int32", name="text")
    encoded_text = layers.LSTM(32)(layers.Embedding(text_vocab_size, 64)(text))
    question = keras.Input(shape=(None,), dtype="int32", name="question")
    encoded_question = layers.LSTM(16)(layers.Embedding(question_vocab_size, 32)(question))
    merged = layers.concatenate([encoded_text, encoded_question], axis=-1)
    answer = layers.Dense(answer_vocab_size)(merged)
    return keras.Model([text, question], answer)
