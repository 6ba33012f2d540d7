/* Mock Sentry Native: a fixed pool of small values; set_user and
 * capture_event print what would be sent. */
#define MOCK_SDK_BUILDING 1
#include <sentry/sentry.h>

#include <stdio.h>
#include <string.h>

enum { kMaxValues = 32, kMaxKeys = 4, kTextBytes = 128 };

struct mock_value {
  int is_object;
  char text[kTextBytes];
  int keys;
  char key[kMaxKeys][32];
  uint64_t child[kMaxKeys];
};

struct sentry_options_s {
  char dsn[kTextBytes];
};

static struct mock_value g_values[kMaxValues];
static int g_used;
static struct sentry_options_s g_options;

static struct mock_value* lookup(sentry_value_t value) {
  if (value._bits == 0 || value._bits > (uint64_t)g_used) return NULL;
  return &g_values[value._bits - 1];
}

static sentry_value_t make(int is_object, const char* text) {
  sentry_value_t value = {0};
  if (g_used == kMaxValues) return value;
  struct mock_value* slot = &g_values[g_used++];
  memset(slot, 0, sizeof(*slot));
  slot->is_object = is_object;
  snprintf(slot->text, sizeof(slot->text), "%s", text != NULL ? text : "");
  value._bits = (uint64_t)g_used;
  return value;
}

static void print_value(sentry_value_t value) {
  struct mock_value* v = lookup(value);
  if (v == NULL) {
    fputs("null", stdout);
    return;
  }
  if (!v->is_object) {
    fputs(v->text, stdout);
    return;
  }
  fputs("{", stdout);
  for (int i = 0; i < v->keys; ++i) {
    sentry_value_t child = {v->child[i]};
    printf("%s%s=", i > 0 ? "," : "", v->key[i]);
    print_value(child);
  }
  fputs("}", stdout);
}

sentry_options_t* sentry_options_new(void) {
  return &g_options;
}

void sentry_options_set_dsn(sentry_options_t* opts, const char* dsn) {
  if (opts != NULL) snprintf(opts->dsn, sizeof(opts->dsn), "%s", dsn != NULL ? dsn : "");
}

int sentry_init(sentry_options_t* options) {
  printf("mock-sentry: init dsn=%s\n", options != NULL ? options->dsn : "-");
  return 0;
}

int sentry_close(void) {
  fflush(stdout);
  return 0;
}

sentry_value_t sentry_value_new_object(void) {
  return make(1, NULL);
}

sentry_value_t sentry_value_new_string(const char* value) {
  return make(0, value);
}

int sentry_value_set_by_key(sentry_value_t value, const char* k, sentry_value_t v) {
  struct mock_value* object = lookup(value);
  if (object == NULL || !object->is_object || object->keys == kMaxKeys || k == NULL) return 1;
  snprintf(object->key[object->keys], sizeof(object->key[0]), "%s", k);
  object->child[object->keys++] = v._bits;
  return 0;
}

sentry_value_t sentry_value_new_message_event(sentry_level_t level, const char* logger,
                                              const char* text) {
  (void)level;
  sentry_value_t event = make(1, NULL);
  sentry_value_set_by_key(event, "logger", make(0, logger));
  sentry_value_set_by_key(event, "message", make(0, text));
  return event;
}

void sentry_set_user(sentry_value_t user) {
  fputs("mock-sentry: set_user user=", stdout);
  print_value(user);
  putchar('\n');
  fflush(stdout);
}

sentry_uuid_t sentry_capture_event(sentry_value_t event) {
  sentry_uuid_t uuid;
  memset(&uuid, 0x42, sizeof(uuid));
  fputs("mock-sentry: capture_event event=", stdout);
  print_value(event);
  putchar('\n');
  fflush(stdout);
  return uuid;
}
