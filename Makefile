# One way to run everything. Each target sets up what it needs (tools/setup.sh).
PY := .venv/bin/python
# nbgrader calls `alembic` and `jupyter` from PATH: the venv's bin/ goes first.
export PATH := $(CURDIR)/.venv/bin:$(PATH)

.PHONY: setup demo test figures book course lint clean

setup:
	@bash tools/setup.sh

demo: setup  ## the main job: lessons, figures, course, autograde demo submissions, feedback
	$(PY) tools/demo.py

test: setup  ## the test suite (pytest's "no tests" exit 5 counts as success)
	$(PY) -m pytest -n 2; rc=$$?; if [ $$rc -eq 5 ]; then exit 0; fi; exit $$rc

course: setup  ## course/source/ from course/assignments/ and solutions/
	$(PY) tools/build_course.py

figures: setup  ## figures/*.png, by executing every lesson
	$(PY) tools/run_lessons.py --no-html --out build/lessons

book: setup  ## executed lessons with outputs (.ipynb and HTML) in build/book/
	$(PY) tools/run_lessons.py --out build/book

lint: setup
	$(PY) -m ruff check autograder tools tests solutions

clean:
	rm -rf build course/release course/submitted course/autograded course/feedback \
	       course/source course/gradebook.db
