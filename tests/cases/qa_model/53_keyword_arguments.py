# exercise: qa_model
# expect: pass
# why: keyword arguments everywhere (input_dim=, output_dim=, units=)
import keras
from keras import layers


def build_qa_model(text_vocab_size=10000, question_vocab_size=10000, answer_vocab_size=500):
    text = keras.Input(shape=(None,), dtype="int32", name="text")
    encoded_text = layers.LSTM(units=32)(layers.Embedding(input_dim=text_vocab_size, output_dim=64)(text))
    question = keras.Input(shape=(None,), dtype="int32", name="question")
    encoded_question = layers.LSTM(units=16)(layers.Embedding(input_dim=question_vocab_size, output_dim=32)(question))
    merged = layers.concatenate([encoded_text, encoded_question], axis=-1)
    answer = layers.Dense(answer_vocab_size, activation="softmax")(merged)
    return keras.Model([text, question], answer)
