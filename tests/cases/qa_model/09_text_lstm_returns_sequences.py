# exercise: qa_model
# expect: fail
# why: only the text LSTM has return_sequences=True: a (None, None, 32) sequence cannot be concatenated with the (None, 16) question code
# message: FAILED builds
# message: The tensors you concatenate have different numbers of axes
# message: an RNN with `return_sequences=True` returns one vector per
import keras
from keras import layers


def build_qa_model(text_vocab_size=10000, question_vocab_size=10000, answer_vocab_size=500):
    text = keras.Input(shape=(None,), dtype="int32", name="text")
    embedded_text = layers.Embedding(text_vocab_size, 64)(text)
    encoded_text = layers.LSTM(32, return_sequences=True)(embedded_text)
    question = keras.Input(shape=(None,), dtype="int32", name="question")
    embedded_question = layers.Embedding(question_vocab_size, 32)(question)
    encoded_question = layers.LSTM(16)(embedded_question)
    merged = layers.concatenate([encoded_text, encoded_question], axis=-1)
    answer = layers.Dense(answer_vocab_size, activation="softmax")(merged)
    return keras.Model([text, question], answer)
