/* eos_thread: sample title (e). LEAKY, through a thread.
 *
 * What it does: reads the Epic Product User ID (EOS_Platform_Create,
 * EOS_Platform_GetConnectInterface, EOS_Connect_GetLoggedInUserByIndex,
 * EOS_ProductUserId_ToString) into a job, hands the job to a worker thread
 * as the pthread_create argument, and the worker (upload_worker) posts it
 * with libcurl to https://ingest.example-metrics.test/v2/events (made up).
 *
 * What cordon must find: one exfiltration path, source
 * EOS_Connect_GetLoggedInUserByIndex (epic, identity; turned into text by
 * EOS_ProductUserId_ToString) to sink curl_easy_setopt (CURLOPT_POSTFIELDS)
 * in upload_worker, through pthread_create's argument, endpoint
 * ingest.example-metrics.test (unknown vendor): high under zero-trust.
 *
 * Running it: the mock curl prints the body with PUID
 * 0002b1c5e7a84f0d9e3c2a1b4d5e6f70. */
#include <curl/curl.h>
#include <eos/eos_sdk.h>

#include <pthread.h>
#include <stdio.h>

struct upload_job {
  char puid[EOS_PRODUCTUSERID_MAX_LENGTH + 1];
  int result;
};

static const char kIngestUrl[] = "https://ingest.example-metrics.test/v2/events";

static void* upload_worker(void* arg) {
  struct upload_job* job = arg;
  char body[128];
  snprintf(body, sizeof body, "{\"puid\":\"%s\",\"event\":\"match_end\"}", job->puid);
  job->result = 1;
  CURL* curl = curl_easy_init();
  if (curl == NULL) return NULL;
  curl_easy_setopt(curl, CURLOPT_URL, kIngestUrl);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
  job->result = curl_easy_perform(curl) == CURLE_OK ? 0 : 1;
  curl_easy_cleanup(curl);
  return NULL;
}

int main(void) {
  EOS_Platform_Options options = {1, "mockproduct", "mocksandbox", "mockdeployment"};
  EOS_HPlatform platform = EOS_Platform_Create(&options);
  EOS_HConnect connect = EOS_Platform_GetConnectInterface(platform);
  EOS_ProductUserId user = EOS_Connect_GetLoggedInUserByIndex(connect, 0);

  struct upload_job job = {.result = 1};
  int32_t length = (int32_t)sizeof job.puid;
  if (EOS_ProductUserId_ToString(user, job.puid, &length) != EOS_Success) return 1;

  pthread_t worker;
  if (pthread_create(&worker, NULL, upload_worker, &job) != 0) return 1;
  pthread_join(worker, NULL);
  EOS_Platform_Release(platform);
  return job.result;
}
