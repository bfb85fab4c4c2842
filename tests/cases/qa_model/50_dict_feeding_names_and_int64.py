# exercise: qa_model
# expect: pass
# why: int64 inputs, a Concatenate layer and named layers
import keras
from keras import layers


def build_qa_model(text_vocab_size=10000, question_vocab_size=10000, answer_vocab_size=500):
    text = keras.Input(shape=(None,), dtype="int64", name="text")
    encoded_text = layers.LSTM(32)(layers.Embedding(text_vocab_size, 64)(text))
    question = keras.Input(shape=(None,), dtype="int64", name="question")
    encoded_question = layers.LSTM(16)(layers.Embedding(question_vocab_size, 32)(question))
    merged = layers.Concatenate(name="codes")([encoded_text, encoded_question])
    answer = layers.Dense(answer_vocab_size, activation="softmax")(merged)
    return keras.Model([text, question], answer)
