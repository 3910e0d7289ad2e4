# The image of each Python service (user, job, ai): its folder's files on the shared runtime.
ARG RUNTIME
FROM ${RUNTIME}
ARG SERVICE
COPY . /opt/jobfirst/service
WORKDIR /opt/jobfirst/service
ENV JOBFIRST_SERVICE=${SERVICE}
EXPOSE 8080
CMD ["python3", "/opt/jobfirst/service/main.py"]
