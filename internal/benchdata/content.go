package benchdata

// The words of the generated OS: themes, routines, work and calendar
// entries a person could plausibly keep over ten years. Everything the
// generator writes is picked from these lists by its seeded source.

type themeSpec struct {
	id, title, narrative string
}

// themePool holds the 30 themes; the first six are there from the start.
var themePool = []themeSpec{
	{"health", "Health and energy", "Energy is the budget every other theme spends."},
	{"deep-work", "Deep work", "Long, quiet blocks are where the real work gets done."},
	{"learning", "Learning on purpose", "One subject a quarter, learned well and written down."},
	{"family", "Family first", "Evenings and weekends belong to the people at home."},
	{"writing", "Writing", "A page a day adds up to a book a year."},
	{"team", "A team that runs without me", "Every process I own is written down and handed over."},
	{"open-source", "Open source maintenance", "Keep the projects others depend on healthy and boring."},
	{"speaking", "Speaking", "Two talks a year that say something new."},
	{"finances", "Finances in order", "No surprises: the numbers are known every month."},
	{"home", "A home that works", "Fix things once, properly."},
	{"hiring", "Hiring well", "Every hire raises the bar and the kindness of the team."},
	{"product", "Product sense", "Know the people who use the thing, by name."},
	{"reliability", "Reliability", "Pages at night are bugs in the process."},
	{"mentoring", "Mentoring", "An hour a week for someone earlier on the path."},
	{"fitness", "Strength and mobility", "Train so that the body keeps up at sixty."},
	{"reading", "Reading widely", "Twenty books a year, half outside the field."},
	{"community", "Community", "Show up for the local meetup and the neighbours."},
	{"research", "Research", "Read the papers behind the tools, then test them."},
	{"migration", "The platform migration", "Move every service off the old platform, one a week."},
	{"security", "Supply chain security", "Every talk, post and experiment this year moves this story on."},
	{"music", "Music", "Play for half an hour most days, for no one."},
	{"language", "A second language", "Hold a real conversation by the end of the year."},
	{"travel", "Travel light", "One trip a season, planned early, packed in a carry-on."},
	{"garden", "The garden", "Grow what the kitchen uses."},
	{"rest", "Rest", "Time off is planned before work is."},
	{"book", "The book", "Finish the manuscript; a chapter a month."},
	{"teaching", "Teaching", "Run the course twice a year and improve it each time."},
	{"infra-cost", "Infrastructure cost", "Halve the bill without slowing anyone down."},
	{"docs", "Documentation", "Nobody should have to ask twice."},
	{"craft", "Craft", "Small, careful changes, reviewed and tested."},
}

const startThemes = 6

type routineSpec struct {
	id, title, why, cadence, at, duration string
}

// routinePool holds the 40 routines; the first eight are there from the
// start.
var routinePool = []routineSpec{
	{"sleep", "Go to sleep on time", "Rest is earned; tomorrow starts without yesterday's debt", "daily", "22:30", "8h"},
	{"move", "Walk or train before work", "Moving first makes the focus blocks easier to keep", "weekdays", "07:00", "30m"},
	{"inbox-zero", "Empty the inbox", "Everything that comes in has a place", "weekdays", "16:30", "30m"},
	{"plan-tomorrow", "Plan tomorrow", "The morning starts with a decision already made", "weekdays", "17:30", "15m"},
	{"read", "Read before bed", "A calm mind sleeps on time", "daily", "21:45", "30m"},
	{"journal", "Write three lines in the journal", "What happened, what I felt, what I learned", "daily", "", ""},
	{"weekly-plan", "Plan the week", "The week has a shape before it starts", "weekly on mon", "08:30", "30m"},
	{"long-run", "Long run", "Endurance is built on the slow days", "weekly on sun", "09:00", "1h30m"},
	{"stretch", "Stretch for ten minutes", "Mobility is cheap to keep and dear to regain", "daily", "07:45", "15m"},
	{"water", "Drink water before coffee", "The first choice of the day sets the others", "daily", "", ""},
	{"no-phone-morning", "No phone before nine", "The first hour is mine", "weekdays", "", ""},
	{"call-parents", "Call my parents", "They will not always be a call away", "weekly on sun", "18:00", "30m"},
	{"budget-review", "Review the budget", "Small leaks sink big ships", "monthly on 1", "19:00", "45m"},
	{"backup-check", "Check the backups restore", "A backup never restored is a hope", "monthly on 15", "", "30m"},
	{"one-on-ones", "Prepare one-on-ones", "People deserve my attention before the meeting", "weekly on tue,thu", "08:45", "15m"},
	{"code-review", "Review open pull requests", "Waiting reviews are the slowest part of shipping", "weekdays", "10:00", "30m"},
	{"write-page", "Write one page", "A page a day is a book a year", "weekdays", "06:30", "45m"},
	{"practice-guitar", "Practise guitar", "Half an hour for no one but me", "every 2 days", "20:00", "30m"},
	{"language-lesson", "Language lesson", "Twenty minutes a day beats a course a year", "daily", "12:45", "20m"},
	{"meal-prep", "Cook for the week", "A full fridge makes good choices easy", "weekly on sun", "16:00", "2h"},
	{"strength", "Strength training", "Strength is the base of everything else", "weekly on mon,wed,fri", "18:00", "1h"},
	{"meditate", "Meditate", "Ten minutes of nothing makes the rest clearer", "daily", "06:15", "10m"},
	{"tidy-desk", "Tidy the desk", "A clear desk for a clear start", "weekdays", "17:45", "10m"},
	{"learn-paper", "Read one paper", "The ideas behind the tools outlast the tools", "weekly on wed", "", "1h"},
	{"mentor-hour", "Mentoring hour", "Pass on what was passed on to me", "weekly on thu", "15:00", "1h"},
	{"garden-water", "Water the garden", "Growing things need tending", "every 3 days", "19:30", "20m"},
	{"date-night", "Date night", "The relationship comes before the calendar", "weekly on fri", "19:00", "3h"},
	{"newsletter", "Write the newsletter", "Writing in public keeps the thinking honest", "every 2 weeks on fri", "14:00", "1h30m"},
	{"house-chores", "House chores", "Ten minutes daily beats a lost Saturday", "daily", "19:00", "10m"},
	{"oss-triage", "Triage new issues", "A quick answer is worth more than a perfect one", "weekly on mon,thu", "11:00", "30m"},
	{"walk-lunch", "Walk after lunch", "The afternoon slump is a walk away", "weekdays", "13:00", "20m"},
	{"screen-off", "Screens off at ten", "Light keeps the mind awake", "daily", "22:00", ""},
	{"posture", "Check posture every hour", "Small corrections beat a sore back", "weekdays", "", ""},
	{"gratitude", "Note one good thing", "What gets noticed gets repeated", "daily", "", ""},
	{"finance-admin", "Pay bills and file receipts", "Admin in one batch, not all week", "weekly on sat", "10:00", "45m"},
	{"course-prep", "Prepare the next lesson", "Teaching is learning twice", "weekly on tue", "16:00", "1h30m"},
	{"cost-review", "Look at the cloud bill", "What is measured is managed", "weekly on fri", "11:30", "30m"},
	{"docs-hour", "Write docs for one question", "Every answer written down is a question not asked again", "weekly on wed", "14:00", "1h"},
	{"swim", "Swim", "The joints thank me for it", "weekly on tue,sat", "07:00", "45m"},
	{"retro-notes", "Write the week's lessons", "A lesson not written is a lesson lost", "weekly on fri", "16:30", "20m"},
}

const startRoutines = 8

// verbs and objects make the 200 priorities' titles.
var (
	workVerbs = []string{
		"Draft", "Ship", "Plan", "Review", "Fix", "Write", "Prepare", "Migrate",
		"Outline", "Publish", "Finish", "Automate", "Document", "Measure",
	}
	workObjects = []string{
		"the keynote", "the quarterly budget", "the onboarding guide", "the release notes",
		"the conference proposal", "the team handbook", "the backup plan", "the hiring rubric",
		"the course syllabus", "the book chapter", "the on-call runbook", "the roadmap",
		"the tax return", "the garden beds", "the newsletter archive", "the cost report",
		"the design review", "the blog post", "the benchmark suite", "the grant application",
		"the workshop", "the reading list", "the renovation", "the security audit",
		"the incident review", "the mentoring plan",
	}
	deferReasons = []string{
		"waiting on the budget decision", "the keynote comes first", "not this quarter",
		"needs a clear week", "blocked on the review", "the team is on holiday",
		"health first this month", "after the migration",
	}
	eventTitles = []string{
		"Quarterly planning", "Conference talk", "Team offsite", "Dentist", "Board meeting",
		"Workshop day", "School play", "Product launch", "Annual check-up", "Trip to the coast",
		"Meetup talk", "Course starts", "Tax deadline", "Book club", "Release day",
	}
	promptAnswers = []string{
		"Ship the draft", "Clear the review queue", "Finish the chapter", "Prepare the talk",
		"Fix the flaky test", "Plan the quarter", "Write the post", "Rest",
		"Call the accountant", "Pair on the migration",
	}
	notes = []string{
		"Slept badly; kept it simple.", "A good, quiet day.", "Too many meetings.",
		"Travel day.", "Sick, skipped most things.", "Great focus in the morning.",
	}
)

type blockKindSpec struct {
	kind   string
	titles []string
}

var blockKinds = []blockKindSpec{
	{"focus", []string{"Deep work", "Focus: rank 1 first", "Writing block", "Build time"}},
	{"learning", []string{"Learning hour", "Read and take notes", "Course work"}},
	{"break", []string{"Lunch, away from the desk", "Walk outside", "Coffee with the team"}},
	{"meeting", []string{"Team sync", "One-on-ones", "Planning", "Office hours"}},
	{"admin", []string{"Email and admin", "Expenses", "Inbox and calendar"}},
}
