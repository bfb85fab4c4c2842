# exercise: qa_model
# expect: pass
# why: each branch is a Sequential model used as a layer
import keras
from keras import layers


def build_qa_model(text_vocab_size=10000, question_vocab_size=10000, answer_vocab_size=500):
    text = keras.Input(shape=(None,), dtype="int32", name="text")
    question = keras.Input(shape=(None,), dtype="int32", name="question")
    read_text = keras.Sequential([layers.Embedding(text_vocab_size, 64), layers.LSTM(32)])
    read_question = keras.Sequential([layers.Embedding(question_vocab_size, 32), layers.LSTM(16)])
    merged = layers.concatenate([read_text(text), read_question(question)])
    answer = layers.Dense(answer_vocab_size, activation="softmax")(merged)
    return keras.Model(inputs=[text, question], outputs=answer)
