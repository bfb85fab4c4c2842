# exercise: qa_model
# expect: fail
# why: vocabulary sizes hard-coded: other arguments give the wrong model
# message: FAILED arguments_used
import keras
from keras import layers


def build_qa_model(text_vocab_size=10000, question_vocab_size=10000, answer_vocab_size=500):
    text = keras.Input(shape=(None,), dtype="int32", name="text")
    encoded_text = layers.LSTM(32)(layers.Embedding(10000, 64)(text))
    question = keras.Input(shape=(None,), dtype="int32", name="question")
    encoded_question = layers.LSTM(16)(layers.Embedding(10000, 32)(question))
    merged = layers.concatenate([encoded_text, encoded_question], axis=-1)
    answer = layers.Dense(500, activation="softmax")(merged)
    return keras.Model([text, question], answer)
