# exercise: qa_model
# expect: fail
# why: both LSTMs have return_sequences=True: the encodings keep the time axis, so the answer is one softmax per time step
# message: FAILED output_shape
# message: Your output (None, None, 500) has one axis more than (None, 500)
# message: `return_sequences` at its default, `False`
# message: Your output (None, None, 8) has one axis more than (None, 8)
import keras
from keras import layers


def build_qa_model(text_vocab_size=10000, question_vocab_size=10000, answer_vocab_size=500):
    text = keras.Input(shape=(None,), dtype="int32", name="text")
    embedded_text = layers.Embedding(text_vocab_size, 64)(text)
    encoded_text = layers.LSTM(32, return_sequences=True)(embedded_text)
    question = keras.Input(shape=(None,), dtype="int32", name="question")
    embedded_question = layers.Embedding(question_vocab_size, 32)(question)
    encoded_question = layers.LSTM(16, return_sequences=True)(embedded_question)
    merged = layers.concatenate([encoded_text, encoded_question], axis=-1)
    answer = layers.Dense(answer_vocab_size, activation="softmax")(merged)
    return keras.Model([text, question], answer)
