def build_qa_model(text_vocab_size=10000, question_vocab_size=10000, answer_vocab_size=500):
    # Correct; input_length is a Keras 2 leftover: Keras 3 ignores it with a warning on stderr.
    text = keras.Input(shape=(None,), dtype="int64", name="text")
    question = keras.Input(shape=(None,), dtype="int64", name="question")
    t = layers.LSTM(32)(layers.Embedding(text_vocab_size, 64, input_length=100)(text))
    q = layers.LSTM(16)(layers.Embedding(question_vocab_size, 32, input_length=20)(question))
    merged = layers.Concatenate(axis=-1)([t, q])
    answer = layers.Dense(answer_vocab_size, activation="softmax", name="answer")(merged)
    return keras.Model([text, question], answer)
