# One way to run everything. Each target sets up what it needs (tools/setup.sh).
PY := .venv/bin/python
# nbgrader calls `alembic` and `jupyter` from PATH: the venv's bin/ goes first.
export PATH := $(CURDIR)/.venv/bin:$(PATH)

.PHONY: setup demo test test-fast figures book course selfstudy student-kit hub grade benchmark lint clean

setup:
	@bash tools/setup.sh

demo: setup  ## the main job: lessons, figures, course, autograde demo submissions, feedback
	$(PY) -m tools.demo

test: test-fast  ## the unit tier, then the rest (pytest's "no tests" exit 5 counts as success)
	$(PY) -m pytest -n 2 --dist loadgroup --durations=25 --ignore=tests/unit; rc=$$?; if [ $$rc -eq 5 ]; then exit 0; fi; exit $$rc

test-fast: setup  ## the unit tier alone: tests/unit, in this process, under a minute
	$(PY) -m pytest -n 0 tests/unit; rc=$$?; if [ $$rc -eq 5 ]; then exit 0; fi; exit $$rc

course: setup  ## course/source/ from course/assignments/ and solutions/
	$(PY) tools/build_course.py

ASSIGNMENT ?= functional_api_1
grade: setup  ## grade course/submitted/*/$(ASSIGNMENT) into the gradebook, in parallel
	$(PY) -m autograder grade $(ASSIGNMENT) --course course

benchmark: setup  ## class grading vs plain nbgrader, and lesson run times (slow)
	$(PY) benchmarks/class_grading.py
	$(PY) benchmarks/lesson_times.py

figures: setup  ## figures/*.png, by executing every lesson
	$(PY) tools/run_lessons.py --no-html --out build/lessons

selfstudy: setup  ## build/selfstudy/<assignment>.ipynb: exercise notebooks checked with ex.<id>.check()
	$(PY) -m tools.build_selfstudy

# The executed lessons: a lesson runs again only when its source or lesson_tools.py changed.
LESSONS := $(wildcard notebooks/[0-9]*.py)
EXECUTED := $(LESSONS:notebooks/%.py=build/lessons/%.ipynb)
.DELETE_ON_ERROR:

book: setup $(EXECUTED)  ## the book: course map, executed lessons, exercises, errata in build/book/html/
	$(PY) -m tools.build_book build/lessons --out build/book

build/lessons/%.ipynb: notebooks/%.py notebooks/lesson_tools.py | setup
	$(PY) tools/run_lessons.py --no-html --out build/lessons $<

student-kit: setup  ## build/student-kit/: the students' wheel (no solutions, no hidden checks), lessons archive, environment.yml
	$(PY) -m tools.student_kit

hub: setup  ## JupyterHub on 127.0.0.1 with the course: one instructor, two students (hub/, Ctrl-C stops it)
	$(PY) -m tools.hub

lint: setup  ## ruff check and format check (also part of make test)
	$(PY) -m ruff check autograder tools tests solutions benchmarks
	$(PY) -m ruff format --check autograder tools tests solutions benchmarks

clean:
	rm -rf build course/release course/submitted course/autograded course/feedback \
	       course/source course/gradebook.db
